import type { Db } from "./db";
import type { RedisHandle } from "./redis";
import type { BreakerState } from "./redis/breaker";
import { withTimeout } from "./timeout";

export type CheckState = "ok" | "error";

export interface HealthReport {
  /** ok: every check passes; degraded: Redis is down (the app serves on with its fallbacks); error: the
   *  database is down; draining: the process is shutting down. */
  status: "ok" | "degraded" | "error" | "draining";
  checks: { database: CheckState; redis?: CheckState; redisBreaker?: BreakerState; jobs?: JobsCheck };
}

/** `ok`, or how long the oldest job due to run has waited, once that is over JOB_LATE_AFTER_SECONDS (docs/jobs.md). */
export type JobsCheck = "ok" | "error" | { oldestWaitingSeconds: number };

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
  options: { timeoutMs?: number; draining?: boolean; jobsLateAfterSeconds?: number } = {},
): Promise<HealthReport> {
  const timeoutMs = options.timeoutMs ?? 3_000;
  const state = (promise: Promise<unknown>) =>
    withTimeout(promise, timeoutMs).then(
      () => "ok" as const,
      () => "error" as const,
    );
  // Redis through its breaker: "error" while requests skip it; after the cool-down, this PING may be the
  // probe that brings it back.
  const [database, redisState, jobs] = await Promise.all([
    state(db.$queryRaw`SELECT 1`),
    redis ? state(redis.guard(() => redis.ping())) : Promise.resolve(undefined),
    options.jobsLateAfterSeconds === undefined ? Promise.resolve(undefined) : checkJobs(db, options.jobsLateAfterSeconds, timeoutMs),
  ]);
  // The breaker's state says whether requests use Redis right now (it may answer PING while still skipped).
  const checks: HealthReport["checks"] =
    redis && redisState ? { database, redis: redisState, redisBreaker: redis.breaker.state } : { database };
  if (jobs !== undefined) checks.jobs = jobs;
  const late = jobs !== undefined && jobs !== "ok";
  const status = options.draining ? "draining" : database === "error" ? "error" : redisState === "error" || late ? "degraded" : "ok";
  return { status, checks };
}

/** The oldest job that is due (not waiting for a retry's delay) and not yet taken, across every queue. */
async function checkJobs(db: Db, lateAfterSeconds: number, timeoutMs: number): Promise<JobsCheck> {
  try {
    const [row] = await withTimeout(
      db.$queryRaw<{ waited: number | null }[]>`SELECT EXTRACT(EPOCH FROM now() - min(start_after))::float8 AS waited
        FROM pgboss.job WHERE state IN ('created', 'retry') AND start_after <= now()`,
      timeoutMs,
    );
    const waited = row?.waited ?? 0;
    return waited > lateAfterSeconds ? { oldestWaitingSeconds: Math.round(waited) } : "ok";
  } catch {
    return "error";
  }
}
