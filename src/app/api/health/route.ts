import { getDatabase } from "@/server/db";
import { checkHealth } from "@/server/health";

export const dynamic = "force-dynamic";

/** For load balancers and uptime checks: 200 when every check passes, 503 otherwise. */
export async function GET() {
  const report = await checkHealth(getDatabase().db);
  return Response.json(report, {
    status: report.status === "ok" ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
}
