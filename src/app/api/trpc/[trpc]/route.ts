import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { getLogger } from "@/server/logger";
import { createContext } from "@/server/request-context";
import { appRouter } from "@/server/routers/_app";

export const dynamic = "force-dynamic";

function handleTrpcRequest(req: Request) {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext,
    // Echo the request id so a caller can quote it when reporting a problem.
    responseMeta: ({ ctx }) => ({ headers: ctx ? { "x-request-id": ctx.requestId } : {} }),
    // Errors inside a procedure are logged once, by the `logCall` middleware, with the request's logger.
    // Only failures before a context exists (createContext itself) would go unlogged without this.
    onError({ error, path, ctx }) {
      if (!ctx && error.code === "INTERNAL_SERVER_ERROR") getLogger().error("request failed before its context", { path, error });
    },
  });
}

export { handleTrpcRequest as GET, handleTrpcRequest as POST };
