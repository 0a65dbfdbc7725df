/**
 * The create-t3-app shape (benchmark builds only, STOCKROOM_BENCH_BUILD=1): the same procedures as plain
 * tRPC (scripts/bench/reference/plain-router.ts) behind the scaffold's default context, which calls Auth.js
 * `auth()` on every request. A customer is who their session cookie says; other callers are named by header.
 */
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { benchActor, plainRouter } from "@bench/reference/plain-router";
import { auth, userActorFromSession } from "@/server/auth/next-auth";
import { createInnerContext } from "@/server/context";
import { getDatabase } from "@/server/db";

export const dynamic = "force-dynamic";

function handle(req: Request) {
  return fetchRequestHandler({
    endpoint: "/api/bench/t3",
    req,
    router: plainRouter,
    createContext: async () => {
      const actor = userActorFromSession(await auth()) ?? benchActor(req.headers);
      return { ...createInnerContext({ db: getDatabase().db, actor }), actor };
    },
  });
}

export { handle as GET, handle as POST };
