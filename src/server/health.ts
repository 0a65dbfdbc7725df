import type { Db } from "./db";
import type { RedisHandle } from "./redis";
import type { BreakerState } from "./redis/breaker";
import { withTimeout } from "./timeout";

export type CheckState = "ok" | "error";

export interface HealthReport {
  /** ok: every check passes; degraded: Redis is down (the app serves on with its fallbacks); error: the
   *  database is down; draining: the process is shutting down. */
  status: "ok" | "degraded" | "error" | "draining";
  checks: { database: CheckState; redis?: CheckState; redisBreaker?: BreakerState };
}

/** 200 unless the instance cannot serve: database down, or shutting down. */
export function healthStatusCode(report: HealthReport): number {
  return report.status === "ok" || report.status === "degraded" ? 200 : 503;
}

/**
 * `SELECT 1` on the database and PING on Redis (when there is one), in parallel, each bounded by a
 * timeout so a hung connection reports instead of hanging.
 */
export async function checkHealth(
  db: Db,
  redis: RedisHandle | null,
  options: { timeoutMs?: number; draining?: boolean } = {},
): Promise<HealthReport> {
  const timeoutMs = options.timeoutMs ?? 3_000;
  const state = (promise: Promise<unknown>) =>
    withTimeout(promise, timeoutMs).then(
      () => "ok" as const,
      () => "error" as const,
    );
  // Redis through its breaker: "error" while requests skip it; after the cool-down, this PING may be the
  // probe that brings it back.
  const [database, redisState] = await Promise.all([
    state(db.$queryRaw`SELECT 1`),
    redis ? state(redis.guard(() => redis.ping())) : Promise.resolve(undefined),
  ]);
  // The breaker's state says whether requests use Redis right now (it may answer PING while still skipped).
  const checks: HealthReport["checks"] =
    redis && redisState ? { database, redis: redisState, redisBreaker: redis.breaker.state } : { database };
  const status = options.draining ? "draining" : database === "error" ? "error" : redisState === "error" ? "degraded" : "ok";
  return { status, checks };
}
