/**
 * Where cached values live: Redis (shared by every instance) or this process's memory. Entries are
 * versioned per scope: a value is stored under the scope's version at the time it was read, and a change
 * bumps the version. A reader that read old data just before a change can only store it under the old
 * version, which no one reads again, so a write is never undone by a racing reader (a plain delete would be).
 */
import { LRUCache } from "lru-cache";
import type { RedisHandle } from "../redis";

export interface CacheStore {
  readonly kind: "memory" | "redis" | "upstash";
  /**
   * The scope's current version and the value stored under `key` at that version, in one round trip. When
   * the caller already holds the entry for `heldVersion` and that is still current, the value is not sent
   * (`value: null`, `current: true`).
   */
  read(scope: string, key: string, heldVersion?: string): Promise<{ version: string; value: string | null; current?: boolean }>;
  write(scope: string, version: string, key: string, value: string, ttlSeconds: number): Promise<void>;
  /** Moves each scope to a new version: everything cached under the old ones is never read again. */
  bump(scopes: string[]): Promise<void>;
}

/** Versions outlive every entry, so a version that expires and restarts at 0 meets no old entry at 0. */
const VERSION_TTL_SECONDS = 2 * 86_400;

/**
 * A scope without a version (new, expired, or Redis restarted empty) starts at the server's clock in
 * microseconds, never at 0: an instance may still hold entries read under a version from before a restart,
 * and a version that came back to the same number would make them current again.
 */
const readScript = `
local version = redis.call('GET', KEYS[1])
if not version then
  local now = redis.call('TIME')
  version = now[1] .. string.format('%06d', now[2])
  redis.call('SET', KEYS[1], version, 'EX', ARGV[4])
end
if version == ARGV[3] then return { version } end
return { version, redis.call('GET', ARGV[1] .. version .. ARGV[2]) }
`;

export function redisCacheStore(redis: RedisHandle): CacheStore {
  const versionKey = (scope: string) => `${redis.prefix}cv:${scope}`;
  const entryKey = (scope: string, version: string, key: string) => `${redis.prefix}c:${scope}:${version}:${key}`;
  const script = redis.client.createScript<[unknown, unknown?]>(readScript);
  return {
    kind: redis.kind,
    async read(scope, key, heldVersion) {
      const reply = await redis.guard(() =>
        script.exec([versionKey(scope)], [`${redis.prefix}c:${scope}:`, `:${key}`, heldVersion ?? "", String(VERSION_TTL_SECONDS)]),
      );
      const version = String(reply[0]);
      return reply.length === 1 ? { version, value: null, current: true } : { version, value: asStoredText(reply[1]) };
    },
    async write(scope, version, key, value, ttlSeconds) {
      await redis.guard(() => redis.client.set(entryKey(scope, version, key), value, { ex: ttlSeconds }));
    },
    async bump(scopes) {
      if (scopes.length === 0) return;
      const pipeline = redis.client.pipeline();
      for (const scope of scopes) pipeline.incr(versionKey(scope)).expire(versionKey(scope), VERSION_TTL_SECONDS);
      await redis.guard(() => pipeline.exec());
    },
  };
}

/**
 * The Upstash client parses stored strings that look like JSON; our values are JSON text, so they may come
 * back as objects. Either way the caller gets the text.
 */
function asStoredText(value: unknown): string | null {
  if (value === null || value === undefined || value === false) return null;
  return typeof value === "string" ? value : JSON.stringify(value);
}

const MAX_MEMORY_ENTRIES = 5_000;

/** In-process store for the embedded default (one instance): bounded, least recently used out first. */
export function memoryCacheStore(now: () => number = () => Date.now()): CacheStore {
  // Versions are one number per product at most, and must outlive every entry: not evicted.
  const versions = new Map<string, number>();
  const entries = new LRUCache<string, string>({ max: MAX_MEMORY_ENTRIES, ttlResolution: 0, perf: { now } });
  return {
    kind: "memory",
    async read(scope, key, heldVersion) {
      const version = String(versions.get(scope) ?? 0);
      if (version === heldVersion) return { version, value: null, current: true };
      return { version, value: entries.get(`${scope}:${version}:${key}`) ?? null };
    },
    async write(scope, version, key, value, ttlSeconds) {
      entries.set(`${scope}:${version}:${key}`, value, { ttl: ttlSeconds * 1_000 });
    },
    async bump(scopes) {
      for (const scope of scopes) versions.set(scope, (versions.get(scope) ?? 0) + 1);
    },
  };
}
