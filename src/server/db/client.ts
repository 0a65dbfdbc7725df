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
  poolStats(): PoolStats | null;
  /** Disconnects Prisma and ends the pool, or closes PGlite (which flushes it to disk). */
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  poolSize: number;
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
  const watch = (db: PrismaClient) => {
    if (!options.onSlowQuery) return db;
    const threshold = options.slowQueryMs ?? 100;
    (db as unknown as PrismaClient<"query">).$on("query", (event) => {
      if (event.duration >= threshold) options.onSlowQuery!({ sql: event.query, durationMs: event.duration });
    });
    return db;
  };
  if (target.kind === "postgres") {
    const pool = new pg.Pool({ connectionString: target.url, max: options.poolSize, connectionTimeoutMillis: 5_000 });
    const db = watch(new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }), log }) as unknown as PrismaClient);
    return {
      db,
      target,
      poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: options.poolSize }),
      close: async () => {
        await db.$disconnect();
        if (!pool.ended) await pool.end();
      },
    };
  }
  const pglite = newPglite(ensurePgliteDir(target.dataDir));
  const db = watch(new PrismaClient({ adapter: new PrismaPGlite(pglite), log }) as unknown as PrismaClient);
  return {
    db,
    target,
    poolStats: () => null,
    close: async () => {
      await db.$disconnect();
      if (!pglite.closed) await pglite.close();
    },
  };
}
