import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { createContext, getLogger } from "@/server/context";
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
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") getLogger().error("unhandled procedure error", { path, error });
    },
  });
}

export { handleTrpcRequest as GET, handleTrpcRequest as POST };
