import { getServerConfig } from "../config";
import { onShutdown } from "../lifecycle";
import { getLogger } from "../logger";
import { getMetrics } from "../observability/metrics";
import { processSingleton } from "../process-singleton";
import { openDatabase, type DatabaseHandle } from "./client";

export type { DatabaseHandle, Db, DbClient, PoolStats } from "./client";

// One handle per process (../process-singleton.ts): Next's dev reloads must not open a second pool
// (or a second PGlite on the same directory, which PGlite does not allow).
const processDatabase = processSingleton<DatabaseHandle>("database");

/** The process-wide database: a pool of DATABASE_POOL_SIZE connections, or the embedded PGlite. */
export function getDatabase(): DatabaseHandle {
  return processDatabase.get(() => {
    const config = getServerConfig();
    onShutdown("database", closeDatabase);
    return openDatabase(config.database, {
      poolSize: config.databasePoolSize,
      poolTimeoutMs: config.databasePoolTimeoutMs,
      slowQueryMs: config.slowQueryMs,
      onSlowQuery: ({ sql, durationMs }) => {
        getMetrics().slowQueries.inc();
        // The statement with its placeholders, never its parameters (they may hold personal data).
        getLogger().warn("slow query", { durationMs, thresholdMs: config.slowQueryMs, sql: sql.slice(0, 2_000) });
      },
    });
  });
}

// Per process, like the database itself (a module bundled twice still shares one set).
const closeListeners = processSingleton<Set<() => void>>("databaseCloseListeners");

/**
 * Calls `listener` whenever the process-wide database is closed: what was read from it and held in memory
 * (the identity cache) must not outlive it, since another may be opened next. Returns the unsubscribe.
 */
export function onDatabaseClosed(listener: () => void): () => void {
  const listeners = closeListeners.get(() => new Set());
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Closes the process-wide database (tests, graceful shutdown). */
export async function closeDatabase(): Promise<void> {
  const handle = processDatabase.peek();
  processDatabase.set(undefined);
  for (const listener of closeListeners.peek() ?? []) listener();
  await handle?.close();
}
