/**
 * tRPC in server components (server only): `trpc` gives the same query options as `useTRPC()`, resolved by
 * calling the procedures in process with the page request's caller (its session cookie), and
 * `HydrateClient` hands what a page prefetched to the browser's query cache. The first render of a page
 * then carries its data in the HTML and the browser does not fetch it again.
 */
import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { headers } from "next/headers";
import { cache, type ReactNode } from "react";
import { getDatabase } from "@/server/db";
import { requestIdFrom } from "@/server/http/request-id";
import { contextForRequest, identify } from "@/server/request-context";
import { getRateLimits } from "@/server/rate-limit";
import { appRouter } from "@/server/routers/_app";
import { makeQueryClient } from "./query-client";

/** One query client per page request (React's `cache` is per request on the server). */
export const getQueryClient = cache(makeQueryClient);

/** The page request's context, built once: who is asking (as the API would see them), their limits. */
const pageContext = cache(async () => {
  const incoming = new Headers(await headers());
  const { db } = getDatabase();
  const identity = await identify(db, incoming, getRateLimits());
  return contextForRequest(db, incoming, requestIdFrom(incoming), identity, "server");
});

export const trpc = createTRPCOptionsProxy({ ctx: pageContext, router: appRouter, queryClient: getQueryClient });

/** Wraps client components that read what this request prefetched. */
export function HydrateClient({ children }: { children: ReactNode }) {
  return <HydrationBoundary state={dehydrate(getQueryClient())}>{children}</HydrationBoundary>;
}
