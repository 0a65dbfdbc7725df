import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { getServerConfig } from "@/server/config";
import { actorLabel } from "@/server/context";
import { appError, UNAVAILABLE_RETRY_AFTER_SECONDS } from "@/server/errors";
import { BodyTooLarge, declaredTooLarge, withLimitedBody, type BodyProgress } from "@/server/http/body";
import { isCrossSite } from "@/server/http/origin";
import { getLogger } from "@/server/logger";
import { observed, type RequestRecord } from "@/server/observability/http";
import { rateLimitHeaders } from "@/server/rate-limit/headers";
import { createContext } from "@/server/request-context";
import type { ProcedureMeta } from "@/server/procedure-meta";
import { appRouter } from "@/server/routers/_app";

export const dynamic = "force-dynamic";

const endpoint = "/api/trpc";

/** Procedures whose input is multipart/form-data with files (meta `upload`). */
const uploadProcedures = new Set(
  Object.entries(appRouter._def.procedures)
    .filter(([, procedure]) => (procedure as unknown as { _def: { meta?: ProcedureMeta } })._def.meta?.upload)
    .map(([path]) => path),
);

/**
 * The tRPC endpoint. Before any procedure runs: a mutation from another site is refused (the web app is
 * same-origin; integrators have REST), a body declared over the JSON limit is refused unread, and a body is
 * only ever read up to that limit. tRPC reads the body lazily, once a call has passed its access check, so a
 * caller without the right credentials never has their body read.
 */
function handleTrpcRequest(req: Request, record: RequestRecord) {
  // `/api/trpc/storefront.list,storefront.byId`: the procedures of this (batched) request, for the log line.
  record.procedure = decodePath(new URL(req.url).pathname.slice(endpoint.length + 1)).slice(0, 200) || undefined;
  const config = getServerConfig();
  // An upload procedure, called alone (tRPC sends FormData unbatched), may send a file; any other call JSON.
  const limit = uploadProcedures.has(record.procedure ?? "") ? config.bodyLimits.upload : config.bodyLimits.json;
  const tooLarge = () => appError("PAYLOAD_TOO_LARGE", "BODY_TOO_LARGE", new BodyTooLarge(limit).message, { limitBytes: limit });
  const body: BodyProgress = { complete: false };
  return fetchRequestHandler({
    endpoint,
    req: withLimitedBody(req, limit, tooLarge, body),
    router: appRouter,
    maxBatchSize: config.trpcMaxBatch,
    createContext: async (opts) => {
      if (req.method === "POST" && isCrossSite(req)) {
        throw appError("FORBIDDEN", "CROSS_SITE_REQUEST", "Requests that change something must come from Stockroom's own pages");
      }
      if (declaredTooLarge(req.headers, limit)) throw tooLarge();
      const ctx = await createContext(opts, record.requestId);
      if (ctx.actor) record.actor = actorLabel(ctx.actor);
      return ctx;
    },
    // The request id, so a caller can quote it; the rate-limit headers, with Retry-After when refused. An
    // upload left unread (refused before its input was needed) is not worth receiving: the connection closes.
    // Subscriptions' event streams get tRPC's own SSE headers (Cache-Control: no-cache, X-Accel-Buffering: no).
    responseMeta: ({ ctx, errors }) => ({
      headers: {
        ...(ctx ? { "x-request-id": ctx.requestId, ...rateLimitHeaders(ctx.rateLimitDecisions) } : {}),
        // The database unavailable or busy (503): when to try again, as REST says it.
        ...(errors.some((e) => e.code === "SERVICE_UNAVAILABLE") ? { "retry-after": UNAVAILABLE_RETRY_AFTER_SECONDS } : {}),
        ...(body.complete ? {} : { connection: "close" }),
      },
    }),
    // Errors inside a procedure are logged once, by the `logCall` middleware, with the request's logger.
    // Only failures before a context exists (createContext itself) would go unlogged without this.
    onError({ error, path, ctx }) {
      if (!ctx && error.code === "INTERNAL_SERVER_ERROR")
        getLogger().error("request failed before its context", { path, error, requestId: record.requestId });
    },
  });
}

/** The path's procedure names, or the raw text when it is not valid percent-encoding (tRPC answers 404). */
function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

const handle = observed(endpoint, handleTrpcRequest);

export { handle as GET, handle as POST };
