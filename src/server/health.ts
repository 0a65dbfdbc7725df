import type { Db } from "./db";
import type { RedisHandle } from "./redis";
import { withTimeout } from "./timeout";

export type CheckState = "ok" | "error";

export interface HealthReport {
  /** ok: every check passes; degraded: Redis is down (the app serves on with its fallbacks); error: the
   *  database is down; draining: the process is shutting down. */
  status: "ok" | "degraded" | "error" | "draining";
  checks: { database: CheckState; redis?: CheckState };
}

/** 200 unless the instance cannot serve: database down, or shutting down. */
export function healthStatusCode(report: HealthReport): number {
  return report.status === "ok" || report.status === "degraded" ? 200 : 503;
}

/**
 * `SELECT 1` on the database and PING on Redis (when there is one), in parallel, each bounded by a
 * timeout so a hung connection reports instead of hanging.
 */
export async function checkHealth(db: Db, redis: RedisHandle | null, options: { timeoutMs?: number; draining?: boolean } = {}): Promise<HealthReport> {
  const timeoutMs = options.timeoutMs ?? 3_000;
  const state = (promise: Promise<unknown>) =>
    withTimeout(promise, timeoutMs).then(
      () => "ok" as const,
      () => "error" as const,
    );
  const [database, redisState] = await Promise.all([state(db.$queryRaw`SELECT 1`), redis ? state(redis.ping()) : Promise.resolve(undefined)]);
  const checks: HealthReport["checks"] = redisState ? { database, redis: redisState } : { database };
  const status = options.draining ? "draining" : database === "error" ? "error" : redisState === "error" ? "degraded" : "ok";
  return { status, checks };
}
