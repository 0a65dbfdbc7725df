import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { actorLabel } from "@/server/context";
import { getLogger } from "@/server/logger";
import { observed, type RequestRecord } from "@/server/observability/http";
import { rateLimitHeaders } from "@/server/rate-limit/headers";
import { createContext } from "@/server/request-context";
import { appRouter } from "@/server/routers/_app";

export const dynamic = "force-dynamic";

const endpoint = "/api/trpc";

function handleTrpcRequest(req: Request, record: RequestRecord) {
  // `/api/trpc/product.list,product.byId`: the procedures of this (batched) request, for the log line.
  record.procedure = decodeURIComponent(new URL(req.url).pathname.slice(endpoint.length + 1)).slice(0, 200) || undefined;
  return fetchRequestHandler({
    endpoint,
    req,
    router: appRouter,
    createContext: async (opts) => {
      const ctx = await createContext(opts, record.requestId);
      if (ctx.actor) record.actor = actorLabel(ctx.actor);
      return ctx;
    },
    // The request id, so a caller can quote it; the rate-limit headers, with Retry-After when refused.
    responseMeta: ({ ctx }) => ({ headers: ctx ? { "x-request-id": ctx.requestId, ...rateLimitHeaders(ctx.rateLimitDecisions) } : {} }),
    // Errors inside a procedure are logged once, by the `logCall` middleware, with the request's logger.
    // Only failures before a context exists (createContext itself) would go unlogged without this.
    onError({ error, path, ctx }) {
      if (!ctx && error.code === "INTERNAL_SERVER_ERROR") getLogger().error("request failed before its context", { path, error, requestId: record.requestId });
    },
  });
}

const handle = observed(endpoint, handleTrpcRequest);

export { handle as GET, handle as POST };
