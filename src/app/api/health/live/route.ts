export const dynamic = "force-dynamic";

/**
 * Liveness: the process is up and answering. Touches no dependency, so an orchestrator does not restart
 * healthy instances when the database is down (readiness is GET /api/health, which checks it).
 */
export function GET() {
  return Response.json({ status: "ok" }, { headers: { "cache-control": "no-store" } });
}
