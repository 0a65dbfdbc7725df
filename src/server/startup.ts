import { loadAuthConfig } from "./auth/config";
import { DEMO_PASSWORD, demoUsers } from "./auth/demo-accounts";
import { getIdentityCache } from "./auth/identity-cache";
import { verifyPassword } from "./auth/passwords";
import { getServerConfig, type ServerConfig } from "./config";
import { getDatabase, type Db } from "./db";
import { ConfigError } from "./config-error";
import { describeTarget } from "./db/target";
import { checkHealth } from "./health";
import { getLogger } from "./logger";
import { getRedis } from "./redis";

/**
 * Runs once when the server starts (src/instrumentation.ts): a bad setting, an unreachable database or an
 * insecure production default stops the process with one line that names the problem, instead of failing
 * (or being unsafe) later. An unreachable Redis does not stop it: the app serves on with each rate limit's
 * failure rule and without the shared cache, as it would if Redis failed later.
 */
export async function verifyStartup(): Promise<void> {
  let config: ServerConfig;
  try {
    config = getServerConfig();
    loadAuthConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  const redis = getRedis();
  // Opening the database (and Prisma's first query) is start-up time, not a slow query.
  await getDatabase()
    .warmUp()
    .catch(() => undefined);
  const report = await checkHealth(getDatabase().db, redis, { timeoutMs: 10_000 });
  if (report.checks.database !== "ok") {
    fail(`cannot reach the database in DATABASE_URL (${describeTarget(config.database)})`);
  }
  if (config.production && !config.allowDemoData) {
    const demo = await demoAccountWithDemoPassword(getDatabase().db);
    if (demo) {
      fail(
        `the demo account ${demo} still signs in with the published demo password: deactivate it or change its password, or set STOCKROOM_ALLOW_DEMO_DATA=true for a demo server`,
      );
    }
  }
  // Starts listening for identity announcements now, so the first requests can already use the cache.
  getIdentityCache();
  const logger = getLogger();
  if (redis && report.checks.redis !== "ok") {
    logger.error("Redis unreachable at start-up; serving with in-database reads and each rate limit's failure rule until it answers", {
      redis: redis.description,
    });
  }
  if (config.production && !redis) {
    logger.warn(
      "no REDIS_URL or UPSTASH_REDIS_REST_URL: rate limits and the cache are this instance's own; run one instance, or configure Redis",
    );
  }
  logger.info("stockroom ready", {
    database: describeTarget(config.database),
    redis: redis?.description ?? "none (in-process rate limits and cache)",
    trustedProxyHops: config.trustedProxyHops,
  });
}

/** The first active demo account whose password is still the published one, if any. */
async function demoAccountWithDemoPassword(db: Db): Promise<string | null> {
  const users = await db.user.findMany({
    where: { email: { in: demoUsers.map((u) => u.email) }, active: true, passwordHash: { not: null } },
    select: { email: true, passwordHash: true },
  });
  for (const user of users) if (await verifyPassword(user.passwordHash, DEMO_PASSWORD)) return user.email;
  return null;
}

/** Stops the starting process with one line on stderr and exit code 1. */
export function fail(message: string): never {
  process.stderr.write(`error: ${message}\n`);
  process.exit(1);
}
