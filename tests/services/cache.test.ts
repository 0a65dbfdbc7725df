/** The catalog cache's stores on real Redis (and in memory): versions, invalidation across instances, outages. */
import IORedis from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import { CatalogCache } from "../../src/server/cache/catalog-cache";
import { memoryCacheStore, redisCacheStore, type CacheStore } from "../../src/server/cache/store";
import { createMetrics } from "../../src/server/observability/metrics";
import { openRedis } from "../../src/server/redis/connection";
import { captureLogs } from "../setup/logs";
import { keysUnder, privateRedis, testRedis, testRedisUrl, uniquePrefix } from "../setup/redis";
import { startUpstashRest } from "../setup/upstash-rest";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function redisStore(prefix: string, url = testRedisUrl): CacheStore {
  // A short cool-down: the outage test waits for Redis to be used again.
  const handle = testRedis({ url, prefix, timeoutMs: 300, breaker: { cooldownMs: 200 } });
  cleanups.push(() => handle.cleanup());
  return redisCacheStore(handle);
}

const product = (price: number) => ({ id: "p1", name: "Cedar Candle", priceMinor: price, updatedAt: new Date("2026-11-30T10:00:00Z") });

describe.each([
  ["Redis", () => redisStore(uniquePrefix("store"))],
  ["memory", () => memoryCacheStore()],
])("the %s cache store", (_name, makeStore) => {
  it("keeps entries per scope version: a bump makes every entry of the scope unreadable", async () => {
    const store = makeStore();
    const first = await store.read("catalog", "page-1");
    expect(first.value).toBeNull();
    await store.write("catalog", first.version, "page-1", '{"a":1}', 60);
    expect(await store.read("catalog", "page-1")).toEqual({ version: first.version, value: '{"a":1}' });
    await store.bump(["catalog"]);
    const after = await store.read("catalog", "page-1");
    expect(after.value).toBeNull();
    expect(after.version).not.toBe(first.version);
  });

  it("never serves what a reader stored under a version that was bumped while it was loading", async () => {
    const store = makeStore();
    const { version } = await store.read("product:p1", "v"); // a reader misses and goes to the database...
    await store.bump(["product:p1"]); // ...a writer commits a change and invalidates...
    await store.write("product:p1", version, "v", "old price", 60); // ...the reader stores what it read before.
    expect((await store.read("product:p1", "v")).value).toBeNull();
  });
});

describe("the catalog cache", () => {
  it("serves a second instance what the first cached, and both see an invalidation at once", async () => {
    const prefix = uniquePrefix("instances");
    const instanceA = new CatalogCache({ store: redisStore(prefix), ttlSeconds: 60 });
    const instanceB = new CatalogCache({ store: redisStore(prefix), ttlSeconds: 60 });
    let loads = 0;
    const load = (price: number) => async () => {
      loads += 1;
      return product(price);
    };
    expect(await instanceA.product("p1", load(1500))).toEqual(product(1500));
    // Dates survive the round trip through Redis.
    expect(await instanceB.product("p1", load(9999))).toEqual(product(1500));
    expect(loads).toBe(1);
    await instanceB.invalidate(["p1"]);
    expect(await instanceA.product("p1", load(1800))).toEqual(product(1800));
    expect(loads).toBe(2);
  });

  it("invalidates every list page on any product change, and only that product's own page", async () => {
    const cache = new CatalogCache({ store: redisStore(uniquePrefix("scopes")), ttlSeconds: 60 });
    await cache.list({ limit: 20 }, async () => "page v1");
    await cache.product("p1", async () => "p1 v1");
    await cache.product("p2", async () => "p2 v1");
    await cache.invalidate(["p2"]);
    expect(await cache.list({ limit: 20 }, async () => "page v2")).toBe("page v2");
    expect(await cache.product("p1", async () => "p1 v2")).toBe("p1 v1");
    expect(await cache.product("p2", async () => "p2 v2")).toBe("p2 v2");
  });

  it("keys list pages by their input, whatever the order of its fields", async () => {
    const cache = new CatalogCache({ store: memoryCacheStore(), ttlSeconds: 60 });
    await cache.list({ limit: 20, search: "mug" }, async () => "mugs");
    expect(await cache.list({ search: "mug", limit: 20, cursor: undefined }, async () => "other")).toBe("mugs");
    expect(await cache.list({ search: "pen", limit: 20 }, async () => "pens")).toBe("pens");
  });

  it("loads once for many simultaneous misses of the same entry", async () => {
    const cache = new CatalogCache({ store: redisStore(uniquePrefix("flight")), ttlSeconds: 60 });
    let loads = 0;
    let finishLoad!: () => void;
    const loadHeld = new Promise<void>((resolve) => (finishLoad = resolve));
    const load = async () => {
      loads += 1;
      await loadHeld; // still loading while the other 19 readers miss
      return product(1500);
    };
    const reads = Array.from({ length: 20 }, () => cache.product("p1", load));
    await expect.poll(() => loads).toBe(1);
    finishLoad();
    const answers = await Promise.all(reads);
    expect(loads).toBe(1);
    expect(new Set(answers.map((a) => a.priceMinor))).toEqual(new Set([1500]));
  });

  it("expires entries after the TTL (on its clock) and counts hits, misses and bypasses", async () => {
    const metrics = createMetrics();
    let now = Date.parse("2030-01-01T00:00:00Z");
    const clock = () => now;
    const cache = new CatalogCache({ store: memoryCacheStore(clock), ttlSeconds: 1, metrics, now: clock });
    await cache.product("p1", async () => "first");
    now += 1_000; // an entry is served for its whole TTL...
    expect(await cache.product("p1", async () => "second")).toBe("first");
    now += 1; // ...and not a moment after
    expect(await cache.product("p1", async () => "third")).toBe("third");
    const off = new CatalogCache({ store: memoryCacheStore(), ttlSeconds: 0, metrics });
    await off.product("p1", async () => "x");
    const text = await metrics.registry.metrics();
    expect(text).toContain('stockroom_cache_requests_total{cache="product",result="hit"} 1');
    expect(text).toContain('stockroom_cache_requests_total{cache="product",result="miss"} 2');
    expect(text).toContain('stockroom_cache_requests_total{cache="product",result="bypass"} 1');
  });

  it("stores entries in Redis with the TTL, and scope versions for longer", async () => {
    const prefix = uniquePrefix("redis-ttl");
    const cache = new CatalogCache({ store: redisStore(prefix), ttlSeconds: 30 });
    await cache.product("p1", async () => "first");
    await cache.invalidate(["p1"]);
    const admin = new IORedis(testRedisUrl);
    cleanups.push(async () => admin.disconnect());
    const ttls = Object.fromEntries(
      await Promise.all(
        (await keysUnder(testRedisUrl, prefix)).map(async (key) => [key.slice(prefix.length), await admin.pttl(key)] as const),
      ),
    );
    const entry = Object.keys(ttls).find((key) => /^c:product:p1:\d+:v$/.test(key))!;
    expect(ttls[entry]).toBeGreaterThan(0);
    expect(ttls[entry]).toBeLessThanOrEqual(30_000);
    expect(ttls["cv:product:p1"]).toBeGreaterThan(30_000);
  });

  it("works over Upstash's REST protocol (whose client parses JSON values by itself)", async () => {
    const prefix = uniquePrefix("upstash");
    const upstash = await startUpstashRest(testRedisUrl, "cache-token-0123456789");
    cleanups.push(() => upstash.close());
    cleanups.push(() => testRedis({ prefix }).cleanup());
    const overRest = new CatalogCache({
      store: redisCacheStore(
        openRedis({ kind: "upstash", url: upstash.url, token: "cache-token-0123456789" }, { prefix, timeoutMs: 2_000 }),
      ),
      ttlSeconds: 60,
    });
    const overTcp = new CatalogCache({ store: redisStore(prefix), ttlSeconds: 60 });
    await overRest.product("p1", async () => product(1500));
    expect(await overTcp.product("p1", async () => product(1))).toEqual(product(1500));
    expect(await overRest.product("p1", async () => product(2))).toEqual(product(1500));
    await overTcp.invalidate(["p1"]);
    expect(await overRest.product("p1", async () => product(1700))).toEqual(product(1700));
  });

  it("reads from the database while Redis is down, logs once, and caches again when it is back", async () => {
    const redis = await privateRedis();
    cleanups.push(() => redis.stop());
    const logs = captureLogs();
    const metrics = createMetrics();
    const prefix = uniquePrefix("outage");
    const cache = new CatalogCache({ store: redisStore(prefix, redis.url), ttlSeconds: 60, logger: logs.logger, metrics });
    await cache.product("p1", async () => "cached");
    await redis.stop();
    for (let i = 0; i < 3; i++) expect(await cache.product("p1", async () => `from the database ${i}`)).toBe(`from the database ${i}`);
    // An invalidation that cannot reach Redis does not fail the (already committed) write; it is logged.
    await expect(cache.invalidate(["p1"])).resolves.toBeUndefined();
    expect(logs.lines().filter((l) => l.msg === "cache store unavailable; reading from the database")).toHaveLength(1);
    expect(logs.lines().some((l) => l.msg === "cache invalidation failed; cached catalog entries expire within the TTL")).toBe(true);
    const text = await metrics.registry.metrics();
    expect(text).toContain('stockroom_cache_requests_total{cache="product",result="error"} 3');
    expect(text).toContain('stockroom_cache_invalidations_total{outcome="failed"} 1');
    await redis.start(); // an empty Redis: it kept nothing on disk
    // Back once a value is served from the cache: a read that still failed would load "not asked" instead.
    await expect
      .poll(
        async () => {
          await cache.product("p1", async () => "fresh");
          return cache.product("p1", async () => "not asked");
        },
        { timeout: 10_000 },
      )
      .toBe("fresh");
    expect((await keysUnder(redis.url, prefix)).length).toBeGreaterThan(0);
  });
});
