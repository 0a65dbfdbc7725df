/**
 * Where cached values live: Redis (shared by every instance) or this process's memory. Entries are
 * versioned per scope: a value is stored under the scope's version at the time it was read, and a change
 * bumps the version. A reader that read old data just before a change can only store it under the old
 * version, which no one reads again, so a write is never undone by a racing reader (a plain delete would be).
 */
import type { RedisHandle } from "../redis";

export interface CacheStore {
  readonly kind: "memory" | "redis" | "upstash";
  /** The scope's current version (one small round trip). */
  version(scope: string): Promise<string>;
  /** The scope's current version and the value stored under `key` at that version (one round trip). */
  read(scope: string, key: string): Promise<{ version: string; value: string | null }>;
  write(scope: string, version: string, key: string, value: string, ttlSeconds: number): Promise<void>;
  /** Moves each scope to a new version: everything cached under the old ones is never read again. */
  bump(scopes: string[]): Promise<void>;
}

/** Versions outlive every entry, so a version that expires and restarts at 0 meets no old entry at 0. */
const VERSION_TTL_SECONDS = 2 * 86_400;

const readScript = `
local version = redis.call('GET', KEYS[1]) or '0'
return { version, redis.call('GET', ARGV[1] .. version .. ARGV[2]) }
`;

export function redisCacheStore(redis: RedisHandle): CacheStore {
  const versionKey = (scope: string) => `${redis.prefix}cv:${scope}`;
  const entryKey = (scope: string, version: string, key: string) => `${redis.prefix}c:${scope}:${version}:${key}`;
  const script = redis.client.createScript<[unknown, unknown]>(readScript);
  return {
    kind: redis.kind,
    async version(scope) {
      return String((await redis.client.get<string | number>(versionKey(scope))) ?? 0);
    },
    async read(scope, key) {
      const [version, value] = await script.exec([versionKey(scope)], [`${redis.prefix}c:${scope}:`, `:${key}`]);
      return { version: String(version), value: asStoredText(value) };
    },
    async write(scope, version, key, value, ttlSeconds) {
      await redis.client.set(entryKey(scope, version, key), value, { ex: ttlSeconds });
    },
    async bump(scopes) {
      if (scopes.length === 0) return;
      const pipeline = redis.client.pipeline();
      for (const scope of scopes) pipeline.incr(versionKey(scope)).expire(versionKey(scope), VERSION_TTL_SECONDS);
      await pipeline.exec();
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

/** In-process store for the embedded default (one instance): a bounded map, least recently used out first. */
export function memoryCacheStore(now: () => number = Date.now): CacheStore {
  const versions = new Map<string, number>();
  const entries = new Map<string, { value: string; expiresAt: number }>();
  return {
    kind: "memory",
    async version(scope) {
      return String(versions.get(scope) ?? 0);
    },
    async read(scope, key) {
      const version = String(versions.get(scope) ?? 0);
      const id = `${scope}:${version}:${key}`;
      const entry = entries.get(id);
      if (!entry || entry.expiresAt <= now()) {
        entries.delete(id);
        return { version, value: null };
      }
      entries.delete(id);
      entries.set(id, entry);
      return { version, value: entry.value };
    },
    async write(scope, version, key, value, ttlSeconds) {
      entries.set(`${scope}:${version}:${key}`, { value, expiresAt: now() + ttlSeconds * 1_000 });
      if (entries.size > MAX_MEMORY_ENTRIES) entries.delete(entries.keys().next().value!);
    },
    async bump(scopes) {
      for (const scope of scopes) versions.set(scope, (versions.get(scope) ?? 0) + 1);
    },
  };
}
