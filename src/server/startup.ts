import { loadAuthConfig } from "./auth/config";
import { loadServerConfig } from "./config";
import { getLogger } from "./logger";
import { getDatabase } from "./db";
import { ConfigError, describeTarget } from "./db/target";
import { checkHealth } from "./health";

/**
 * Runs once when the server starts (src/instrumentation.ts): a bad setting or an unreachable database
 * stops the process with one line that names the variable, instead of failing every request later.
 */
export async function verifyStartup(): Promise<void> {
  let config;
  try {
    config = loadServerConfig();
    loadAuthConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  const report = await checkHealth(getDatabase().db, 10_000);
  if (report.checks.database !== "ok") {
    fail(`cannot reach the database in DATABASE_URL (${describeTarget(config.database)})`);
  }
  getLogger().info("stockroom ready", { database: describeTarget(config.database) });
}

function fail(message: string): never {
  process.stderr.write(`error: ${message}\n`);
  process.exit(1);
}
