import { newPglite } from "./pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient, type Prisma } from "@/generated/prisma/client";
import { ensurePgliteDir, type DatabaseTarget } from "./target";

export type Db = PrismaClient;
/** What a query needs: the client, or the client inside a transaction. Data helpers take this. */
export type DbClient = Prisma.TransactionClient;

export interface DatabaseHandle {
  db: PrismaClient;
  target: DatabaseTarget;
  /** Disconnects Prisma and ends the pool, or closes PGlite (which flushes it to disk). */
  close(): Promise<void>;
}

/**
 * A Prisma Client over the right driver adapter. For PostgreSQL this is one `pg` pool of `poolSize`
 * connections; PGlite is a single in-process connection (one process per data directory).
 */
export function openDatabase(target: DatabaseTarget, options: { poolSize: number }): DatabaseHandle {
  if (target.kind === "postgres") {
    const db = new PrismaClient({
      adapter: new PrismaPg({ connectionString: target.url, max: options.poolSize, connectionTimeoutMillis: 5_000 }),
    });
    return { db, target, close: () => db.$disconnect() };
  }
  const pglite = newPglite(ensurePgliteDir(target.dataDir));
  const db = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  return {
    db,
    target,
    close: async () => {
      await db.$disconnect();
      if (!pglite.closed) await pglite.close();
    },
  };
}
