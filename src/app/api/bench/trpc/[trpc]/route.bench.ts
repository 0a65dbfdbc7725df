/**
 * Plain tRPC on Next.js (benchmark builds only, STOCKROOM_BENCH_BUILD=1): the same procedures through
 * tRPC's fetch adapter with none of Stockroom's middleware (scripts/bench/reference/plain-router.ts).
 */
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { benchActor, plainRouter } from "@bench/reference/plain-router";
import { createInnerContext } from "@/server/context";
import { getDatabase } from "@/server/db";

export const dynamic = "force-dynamic";

function handle(req: Request) {
  return fetchRequestHandler({
    endpoint: "/api/bench/trpc",
    req,
    router: plainRouter,
    createContext: () => {
      const ctx = createInnerContext({ db: getDatabase().db, actor: benchActor(req.headers) });
      return { ...ctx, actor: ctx.actor! };
    },
  });
}

export { handle as GET, handle as POST };
