import { getServerConfig } from "../config";
import { onShutdown } from "../lifecycle";
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
    return openRedis(config.redis, { prefix: config.redisKeyPrefix, timeoutMs: config.redisTimeoutMs });
  });
}

/** Closes the process-wide connection (tests, graceful shutdown). */
export async function closeRedis(): Promise<void> {
  const handle = processRedis.peek();
  processRedis.set(undefined);
  await handle?.close();
}
