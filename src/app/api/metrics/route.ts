import { timingSafeEqual } from "node:crypto";
import { clientInfoFrom } from "@/server/client-info";
import { getServerConfig } from "@/server/config";
import { getDatabase } from "@/server/db";
import { observed } from "@/server/observability/http";
import { getMetrics } from "@/server/observability/metrics";

export const dynamic = "force-dynamic";

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Prometheus metrics, for a scraper with `Authorization: Bearer $METRICS_TOKEN` or from an address in
 * METRICS_ALLOW_FROM (development: this machine). Everyone else: 401, or 403 when no token is set at all.
 */
export const GET = observed(
  "/api/metrics",
  async (req) => {
    const config = getServerConfig();
    const bearer = /^Bearer (.+)$/.exec(req.headers.get("authorization") ?? "")?.[1];
    const address = clientInfoFrom(req.headers).ip;
    const allowed =
      (config.metricsToken && bearer && sameSecret(bearer, config.metricsToken)) ||
      (address !== null && config.metricsAllowFrom.includes(address));
    if (!allowed) {
      const status = config.metricsToken ? 401 : 403;
      const message = config.metricsToken
        ? "Send Authorization: Bearer <METRICS_TOKEN>"
        : "Metrics are only served to METRICS_ALLOW_FROM, or with METRICS_TOKEN set";
      return Response.json(
        { error: message },
        { status, headers: { "cache-control": "no-store", ...(status === 401 ? { "www-authenticate": "Bearer" } : {}) } },
      );
    }
    const metrics = getMetrics();
    const pool = getDatabase().poolStats();
    if (pool) {
      metrics.dbPool.set({ state: "in_use" }, pool.total - pool.idle);
      metrics.dbPool.set({ state: "idle" }, pool.idle);
      metrics.dbPool.set({ state: "waiting" }, pool.waiting);
      metrics.dbPoolMax.set(pool.max);
    }
    return new Response(await metrics.registry.metrics(), {
      headers: { "content-type": metrics.registry.contentType, "cache-control": "no-store" },
    });
  },
  { probe: true },
);
