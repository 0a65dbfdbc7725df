/**
 * The job queue: pg-boss 10 on the app's own database (decision 020). Its schema is a Prisma migration
 * (20261203114000_job_queue), so pg-boss never creates or upgrades tables itself (`migrate: false`) and
 * refuses to start on a schema of another version.
 *
 * PostgreSQL: pg-boss keeps a small pool of its own. PGlite: it shares the app's single connection through
 * `executeSql`. Either way a job can also be written through a Prisma transaction (`jobsIn(db)`), so it
 * commits or rolls back with the business write that caused it.
 */
import type { PGlite } from "@electric-sql/pglite";
import PgBoss from "pg-boss";
import type { DbClient } from "../db";
import type { DatabaseHandle } from "../db/client";

export type JobQueue = PgBoss;
export type { Job } from "pg-boss";

export interface OpenJobQueueOptions {
  /** How often expired leases are failed back into the queue and old jobs archived (seconds). */
  maintenanceSeconds: number;
  /** Run the supervisor (maintenance) and the cron clock: workers do; a web-only process only sends. */
  supervise: boolean;
  /** Connections of pg-boss's own pool (PostgreSQL). */
  poolSize?: number;
}

/** A pg-boss instance over the handle's database, not yet started. */
export function openJobQueue(handle: DatabaseHandle, options: OpenJobQueueOptions): JobQueue {
  const common = {
    schema: "pgboss",
    migrate: false,
    supervise: options.supervise,
    schedule: options.supervise,
    maintenanceIntervalSeconds: options.maintenanceSeconds,
    monitorStateIntervalSeconds: 10,
  } satisfies PgBoss.ConstructorOptions;
  if (handle.pglite) return new PgBoss({ ...common, db: pgliteJobDb(handle.pglite) });
  if (handle.target.kind !== "postgres") throw new Error("a PGlite database handle without its PGlite");
  return new PgBoss({ ...common, connectionString: handle.target.url, max: options.poolSize ?? 3, application_name: "stockroom-jobs" });
}

/** pg-boss's SQL through PGlite: statements with parameters one at a time, parameterless scripts whole. */
export function pgliteJobDb(pglite: PGlite): PgBoss.Db {
  return {
    async executeSql(text: string, values?: unknown[]) {
      if (values?.length) return { rows: (await pglite.query(text, values.map(nullForUndefined))).rows };
      const results = await pglite.exec(text);
      return { rows: (results.at(-1)?.rows ?? []) as unknown[] };
    },
  };
}

/** pg-boss's SQL through a Prisma client or transaction: `boss.send(name, data, { db: jobsIn(tx) })`. */
export function jobsIn(db: DbClient): PgBoss.Db {
  return {
    async executeSql(text: string, values?: unknown[]) {
      const rows = await db.$queryRawUnsafe<unknown[]>(text, ...(values ?? []).map(nullForUndefined));
      return { rows };
    },
  };
}

function nullForUndefined(value: unknown): unknown {
  return value === undefined ? null : value;
}

// pg-boss writes jobs with its own SQL; an instance that is never started (and has no connection of its
// own) is enough to write them through a transaction's client.
const writer = new PgBoss({
  db: { executeSql: () => Promise.reject(new Error("jobs are written through a transaction's client here")) },
  migrate: false,
  supervise: false,
  schedule: false,
});

/** A job to write: its queue, its data, and pg-boss's per-job options (id, retryLimit, startAfter, ...). */
export type JobToWrite = { name: string; data: object } & Record<string, unknown>;

/**
 * Writes jobs through `db` (a transaction's client: they commit or roll back with it). The queues must exist:
 * pg-boss drops a job for an unknown queue silently, so fixed queues are created by migrations.
 */
export async function writeJobs(db: DbClient, jobs: JobToWrite[]): Promise<void> {
  if (jobs.length) await writer.insert(jobs, { db: jobsIn(db) });
}
