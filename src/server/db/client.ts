import type { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { newPglite } from "./pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient, type Prisma } from "@/generated/prisma/client";
import { ensurePgliteDir, type DatabaseTarget } from "./target";

export type Db = PrismaClient;
/** What a query needs: the client, or the client inside a transaction. Data helpers take this. */
export type DbClient = Prisma.TransactionClient;

/** The PostgreSQL pool right now (metrics); PGlite has no pool. */
export interface PoolStats {
  total: number;
  idle: number;
  /** Queries waiting for a free connection. */
  waiting: number;
  max: number;
}

export interface DatabaseHandle {
  db: PrismaClient;
  target: DatabaseTarget;
  /** The embedded database itself, for what must share its one connection (the job queue); null on PostgreSQL. */
  pglite: PGlite | null;
  poolStats(): PoolStats | null;
  /**
   * Opens the database and runs a first query (PGlite's start, Prisma's query compiler loading), so that
   * what requests measure is their own time. The first query is never reported as slow.
   */
  warmUp(): Promise<void>;
  /** Disconnects Prisma and ends the pool, or closes PGlite (which flushes it to disk). */
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  poolSize: number;
  /** How long a query waits for a free pool connection before failing (classified `unavailable`: a 503). */
  poolTimeoutMs?: number;
  /** Called with every query that took at least `slowQueryMs` (ms). */
  onSlowQuery?: (query: { sql: string; durationMs: number }) => void;
  slowQueryMs?: number;
}

/**
 * A Prisma Client over the right driver adapter. For PostgreSQL this is one `pg` pool of `poolSize`
 * connections; PGlite is a single in-process connection (one process per data directory).
 */
export function openDatabase(target: DatabaseTarget, options: OpenDatabaseOptions): DatabaseHandle {
  // Query events only when someone listens: they cost an object per query.
  const log: Prisma.LogDefinition[] = options.onSlowQuery ? [{ emit: "event", level: "query" }] : [];
  let warm = false;
  const watch = (db: PrismaClient) => {
    if (!options.onSlowQuery) return db;
    const threshold = options.slowQueryMs ?? 100;
    (db as unknown as PrismaClient<"query">).$on("query", (event) => {
      // The first query's time includes opening the database and loading Prisma's query compiler.
      if (!warm) return void (warm = true);
      if (event.duration >= threshold) options.onSlowQuery!({ sql: event.query, durationMs: event.duration });
    });
    return db;
  };
  const warmUp = (db: PrismaClient) => async () => {
    await db.$queryRaw`SELECT 1`;
  };
  if (target.kind === "postgres") {
    const pool = new pg.Pool({
      connectionString: target.url,
      max: options.poolSize,
      connectionTimeoutMillis: options.poolTimeoutMs ?? 5_000,
    });
    oneQueryAtATime(pool);
    const db = watch(new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }), log }));
    return {
      db,
      target,
      pglite: null,
      poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: options.poolSize }),
      warmUp: warmUp(db),
      close: async () => {
        await db.$disconnect();
        if (!pool.ended) await pool.end();
      },
    };
  }
  const pglite = newPglite(ensurePgliteDir(target.dataDir));
  const db = watch(new PrismaClient({ adapter: new PrismaPGlite(pglite), log }));
  return {
    db,
    target,
    pglite,
    poolStats: () => null,
    warmUp: warmUp(db),
    close: async () => {
      await db.$disconnect();
      if (!pglite.closed) await pglite.close();
    },
  };
}

type QueryCallback = (error: Error | null, result?: unknown) => void;

/**
 * One query at a time on each connection. Prisma's query interpreter sends a transaction's relation reads
 * (an order's lines, status history and customer) together on the transaction's one connection; pg 8 queues
 * them with a deprecation warning ("Calling client.query() when the client is already executing a query")
 * and pg 9 will refuse them. Chained here, they run in the same order at the same cost, without the warning.
 */
export function oneQueryAtATime(pool: pg.Pool): void {
  pool.on("connect", (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
    let idle: Promise<unknown> = Promise.resolve();
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const callback = typeof args.at(-1) === "function" ? (args.pop() as QueryCallback) : undefined;
      const run = idle.then(() => query(...args));
      idle = run.catch(() => undefined);
      if (!callback) return run;
      run.then(
        (result) => callback(null, result),
        (error: Error) => callback(error),
      );
      return undefined;
    };
  });
}
