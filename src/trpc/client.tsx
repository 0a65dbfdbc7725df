"use client";

import { QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, httpLink, httpSubscriptionLink, splitLink, type TRPCLink } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { useState, type ReactNode } from "react";
import superjson from "superjson";
import type { AppRouter } from "@/server/routers/_app";
import { makeQueryClient } from "./query-client";

/** `useTRPC()` gives typed query/mutation options for every procedure of the AppRouter. */
export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

/** Whether a call's input carries a file (an image upload). */
function hasFile(input: unknown): boolean {
  return typeof input === "object" && input !== null && Object.values(input).some((value) => value instanceof Blob);
}

/**
 * Calls whose input carries a file go as multipart/form-data, alone (a batch is JSON): the procedure keeps
 * its typed object input (`{ productId, alt, file }`), this link turns it into FormData, the server's
 * upload procedures read it back (src/server/trpc.ts). The answer is superjson as usual.
 */
function uploadLink(): TRPCLink<AppRouter> {
  const http = httpLink<AppRouter>({ url: "/api/trpc", transformer: { serialize: (data) => data, deserialize: superjson.deserialize } });
  return (runtime) => {
    const send = http(runtime);
    return ({ op, next }) => {
      const form = new FormData();
      for (const [name, value] of Object.entries(op.input as Record<string, unknown>)) {
        if (value !== undefined) form.append(name, value instanceof Blob ? value : String(value));
      }
      return send({ op: { ...op, input: form }, next });
    };
  };
}

export function TrpcProviders({ children }: { children: ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [
        // Subscriptions over Server-Sent Events (docs/realtime.md): the browser's EventSource reconnects by
        // itself, and the link sends the last event id so the server resumes where the stream broke off.
        splitLink({
          condition: (op) => op.type === "subscription",
          true: httpSubscriptionLink({ url: "/api/trpc", transformer: superjson }),
          false: splitLink({
            condition: (op) => hasFile(op.input),
            true: uploadLink(),
            false: httpBatchLink({ url: "/api/trpc", transformer: superjson }),
          }),
        }),
      ],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
