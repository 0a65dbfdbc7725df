/**
 * The framework floor (benchmark builds only, STOCKROOM_BENCH_BUILD=1): a plain Next.js route handler that
 * runs the same SQL as Stockroom's procedures on a `pg` pool and answers the same JSON, with nothing of
 * ours around it (no tRPC, no middleware, no Prisma). What Next.js itself costs.
 */
import pg from "pg";
import { answerReference } from "@bench/reference/reference-routes";
import { processSingleton } from "@/server/process-singleton";

export const dynamic = "force-dynamic";

const floorPool = processSingleton<pg.Pool>("benchFloorPool");
const pool = () =>
  floorPool.get(() => new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) }));

const prefix = "/api/bench/floor";

async function handle(req: Request): Promise<Response> {
  const url = new URL(req.url);
  const answer = await answerReference(
    pool(),
    req.method,
    url,
    req.headers,
    req.method === "POST" ? await req.text() : "",
    url.pathname.slice(prefix.length),
  );
  return new Response(answer.body, { status: answer.status, headers: { "content-type": "application/json" } });
}

export { handle as GET, handle as POST };
