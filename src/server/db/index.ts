import { loadServerConfig } from "../config";
import { openDatabase, type DatabaseHandle } from "./client";

export type { Db, DbClient } from "./client";

// One handle per process, kept on globalThis so Next's dev reloads do not open a second pool
// (or a second PGlite on the same directory, which PGlite does not allow).
const globalForDb = globalThis as unknown as { stockroomDatabase?: DatabaseHandle };

/** The process-wide database: a pool of DATABASE_POOL_SIZE connections, or the embedded PGlite. */
export function getDatabase(): DatabaseHandle {
  if (!globalForDb.stockroomDatabase) {
    const config = loadServerConfig();
    globalForDb.stockroomDatabase = openDatabase(config.database, { poolSize: config.databasePoolSize });
  }
  return globalForDb.stockroomDatabase;
}

/** Closes the process-wide database (tests, graceful shutdown). */
export async function closeDatabase(): Promise<void> {
  const handle = globalForDb.stockroomDatabase;
  globalForDb.stockroomDatabase = undefined;
  await handle?.close();
}
