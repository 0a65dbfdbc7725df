/**
 * The storefront's catalog reads (list pages, product by id), cached for CACHE_TTL_SECONDS at most and
 * invalidated after every committed product or stock change (`ctx.unit`, ../db/unit-of-work.ts). List pages share the
 * `catalog` scope, so any change refreshes them all; a product page has its own scope, so a sale of one
 * product leaves the others' cached pages alone. When the store fails, reads go to the database.
 */
import { createHash } from "node:crypto";
import { LRUCache } from "lru-cache";
import superjson from "superjson";
import { getServerConfig } from "../config";
import { getLogger, type Logger } from "../logger";
import { getMetrics, type Metrics } from "../observability/metrics";
import { processSingleton } from "../process-singleton";
import { getRedis } from "../redis";
import { memoryCacheStore, redisCacheStore, type CacheStore } from "./store";

export interface CatalogCacheOptions {
  /** null: no caching (every read loads). */
  store: CacheStore | null;
  ttlSeconds: number;
  logger?: Logger;
  metrics?: Metrics;
  /** The clock entries expire on (ms since epoch); tests move their own. */
  now?: () => number;
}

type CacheName = "catalog_list" | "product";

/** Parsed entries this process holds, by scope version: a hit needs only the version from the store. */
const MAX_LOCAL_ENTRIES = 1_000;

export class CatalogCache {
  /** Loads in progress, so that many requests missing the same entry at once query the database once. */
  private readonly inFlight = new Map<string, Promise<unknown>>();
  /**
   * Values already parsed here, by scope and key, with the version they belong to. The store still says
   * which version is current (so a change on another instance is seen at once); only the transfer and
   * the parsing are saved.
   */
  private readonly local: LRUCache<string, { version: string; value: unknown }>;
  private lastErrorLogAt = Number.NEGATIVE_INFINITY;
  private readonly now: () => number;

  constructor(private readonly options: CatalogCacheOptions) {
    this.now = options.now ?? (() => Date.now());
    this.local = new LRUCache({ max: MAX_LOCAL_ENTRIES, ttlResolution: 0, perf: { now: this.now } });
  }

  /** A storefront list page for this input. */
  list<T>(input: unknown, load: () => Promise<T>): Promise<T> {
    return this.cached("catalog_list", "catalog", `list:${hashOf(input)}`, load);
  }

  /** One product by id; `load` may throw (NOT_FOUND), which is not cached. */
  product<T>(id: string, load: () => Promise<T>): Promise<T> {
    return this.cached("product", `product:${id}`, "v", load);
  }

  /** After a committed change to these products: their pages and every list page are read afresh. */
  async invalidate(productIds: Iterable<string>): Promise<void> {
    const store = this.options.store;
    if (!store) return;
    const scopes = ["catalog", ...[...new Set(productIds)].map((id) => `product:${id}`)];
    try {
      await store.bump(scopes);
      this.options.metrics?.cacheInvalidations.inc({ outcome: "done" });
    } catch (error) {
      // The change is committed; what other instances hold expires within CACHE_TTL_SECONDS.
      this.options.metrics?.cacheInvalidations.inc({ outcome: "failed" });
      this.options.logger?.error("cache invalidation failed; cached catalog entries expire within the TTL", {
        scopes: scopes.length,
        error,
      });
    }
  }

  private async cached<T>(name: CacheName, scope: string, key: string, load: () => Promise<T>): Promise<T> {
    const { store, ttlSeconds, metrics } = this.options;
    if (!store || ttlSeconds <= 0) {
      metrics?.cacheRequests.inc({ cache: name, result: "bypass" });
      return load();
    }
    let version: string;
    const localKey = `${scope}:${key}`;
    try {
      const held = this.local.get(localKey);
      const found = await store.read(scope, key, held?.version);
      if (held && found.current) {
        metrics?.cacheRequests.inc({ cache: name, result: "hit" });
        return held.value as T;
      }
      if (found.value !== null) {
        metrics?.cacheRequests.inc({ cache: name, result: "hit" });
        const value = superjson.parse<T>(found.value);
        this.keepLocal(localKey, found.version, value, ttlSeconds);
        return value;
      }
      version = found.version;
    } catch (error) {
      metrics?.cacheRequests.inc({ cache: name, result: "error" });
      this.logStoreError(error);
      return load();
    }
    metrics?.cacheRequests.inc({ cache: name, result: "miss" });
    const flightKey = `${scope}:${version}:${key}`;
    const pending = this.inFlight.get(flightKey) as Promise<T> | undefined;
    if (pending) return pending;
    const loading = (async () => {
      const value = await load();
      await store.write(scope, version, key, superjson.stringify(value), ttlSeconds).catch((error: unknown) => this.logStoreError(error));
      this.keepLocal(localKey, version, value, ttlSeconds);
      return value;
    })().finally(() => this.inFlight.delete(flightKey));
    this.inFlight.set(flightKey, loading);
    return loading;
  }

  private keepLocal(id: string, version: string, value: unknown, ttlSeconds: number) {
    this.local.set(id, { version, value }, { ttl: ttlSeconds * 1_000 });
  }

  private logStoreError(error: unknown) {
    // One line every 10 s at most: an outage must not turn every request into a log line.
    if (this.now() - this.lastErrorLogAt < 10_000) return;
    this.lastErrorLogAt = this.now();
    this.options.logger?.error("cache store unavailable; reading from the database", { error });
  }
}

/** Same input, same key, whatever the order of its fields. */
function hashOf(value: unknown): string {
  return createHash("sha1").update(stableJson(value)).digest("base64url");
}

function stableJson(value: unknown): string {
  if (value === undefined) return "null";
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`;
}

const processCache = processSingleton<CatalogCache>("catalogCache");

/** The process's catalog cache: in Redis when configured, else in memory; off when CACHE_TTL_SECONDS=0. */
export function getCatalogCache(): CatalogCache {
  return processCache.get(() => {
    const redis = getRedis();
    return new CatalogCache({
      store: redis ? redisCacheStore(redis) : memoryCacheStore(),
      ttlSeconds: getServerConfig().cacheTtlSeconds,
      logger: getLogger(),
      metrics: getMetrics(),
    });
  });
}

/** Forgets the process's cache (tests). */
export function resetCatalogCache(): void {
  processCache.set(undefined);
}
