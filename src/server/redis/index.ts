import { getServerConfig } from "../config";
import { onShutdown } from "../lifecycle";
import { getLogger } from "../logger";
import { getMetrics } from "../observability/metrics";
import { processSingleton } from "../process-singleton";
import { openRedis, type RedisHandle } from "./connection";

export type { RedisHandle } from "./connection";

// One connection per process (../process-singleton.ts): dev reloads and route bundles do not open another.
const processRedis = processSingleton<RedisHandle | null>("redis");

/** The process-wide Redis (REDIS_URL or Upstash), or null when none is configured (in-process state). */
export function getRedis(): RedisHandle | null {
  return processRedis.get(() => {
    const config = getServerConfig();
    if (config.redis.kind === "none") return null;
    onShutdown("redis", closeRedis);
    return openRedis(config.redis, {
      prefix: config.redisKeyPrefix,
      timeoutMs: config.redisTimeoutMs,
      breaker: {
        failures: config.redisBreakerFailures,
        cooldownMs: config.redisBreakerCooldownMs,
        onChange(to, from) {
          const metrics = getMetrics();
          metrics.redisBreakerTransitions.inc({ to });
          metrics.redisBreakerOpen.set(to === "closed" ? 0 : 1);
          if (to === "open" && from === "closed") {
            getLogger().error(
              "Redis failing: skipped (limits use their failure rule, the cache reads the database) until a probe succeeds",
              {
                failuresInARow: config.redisBreakerFailures,
                probeEveryMs: config.redisBreakerCooldownMs,
              },
            );
          } else if (to === "closed") {
            getLogger().info("Redis answers again: used again", {});
          }
        },
      },
    });
  });
}

/** Closes the process-wide connection (tests, graceful shutdown). */
export async function closeRedis(): Promise<void> {
  const handle = processRedis.peek();
  processRedis.set(undefined);
  await handle?.close();
}
