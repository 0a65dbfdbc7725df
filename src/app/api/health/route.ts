import { getServerConfig } from "@/server/config";
import { getDatabase } from "@/server/db";
import { checkHealth, healthStatusCode } from "@/server/health";
import { isDraining } from "@/server/lifecycle";
import { observed } from "@/server/observability/http";
import { getRedis } from "@/server/redis";

export const dynamic = "force-dynamic";

/**
 * Readiness, for load balancers and uptime checks: 200 when the instance can serve (also when Redis is
 * down: `degraded`, the app serves on), 503 when the database is unreachable or the process is draining.
 */
export const GET = observed(
  "/api/health",
  async () => {
    const report = await checkHealth(getDatabase().db, getRedis(), {
      draining: isDraining(),
      jobsLateAfterSeconds: getServerConfig().jobs.lateAfterSeconds,
    });
    return Response.json(report, { status: healthStatusCode(report), headers: { "cache-control": "no-store" } });
  },
  { probe: true },
);
