import { getServerConfig } from "../config";
import { onShutdown } from "../lifecycle";
import { openRedis, type RedisHandle } from "./connection";

export type { RedisHandle } from "./connection";

// One connection per process, kept on globalThis so Next's dev reloads do not open another.
const globalForRedis = globalThis as unknown as { stockroomRedis?: RedisHandle | null };

/** The process-wide Redis (REDIS_URL or Upstash), or null when none is configured (in-process state). */
export function getRedis(): RedisHandle | null {
  if (globalForRedis.stockroomRedis === undefined) {
    const config = getServerConfig();
    globalForRedis.stockroomRedis =
      config.redis.kind === "none" ? null : openRedis(config.redis, { prefix: config.redisKeyPrefix, timeoutMs: config.redisTimeoutMs });
    if (globalForRedis.stockroomRedis) onShutdown("redis", closeRedis);
  }
  return globalForRedis.stockroomRedis;
}

/** Closes the process-wide connection (tests, graceful shutdown). */
export async function closeRedis(): Promise<void> {
  const handle = globalForRedis.stockroomRedis;
  globalForRedis.stockroomRedis = undefined;
  await handle?.close();
}
