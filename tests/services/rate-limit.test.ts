/**
 * The rate limits on real Redis: the machine's server (two app instances = two connections sharing one
 * count), Upstash's REST protocol, and a private redis-server stopped mid-test for the failure rules.
 */
import IORedis from "ioredis";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadServerConfig } from "../../src/server/config";
import { createMetrics } from "../../src/server/observability/metrics";
import { RateLimits } from "../../src/server/rate-limit";
import { defaultRateLimitPolicies, type RateLimitSettings } from "../../src/server/rate-limit/policies";
import { openRedis, type RedisHandle } from "../../src/server/redis/connection";
import { advanceClock, holdClockMidWindow, releaseClock } from "../setup/clock";
import { captureLogs } from "../setup/logs";
import { privateRedis, testRedis, testRedisUrl, uniquePrefix } from "../setup/redis";
import { startUpstashRest } from "../setup/upstash-rest";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function settings(overrides: Partial<Record<keyof RateLimitSettings, { limit: number; windowMs: number }>>): RateLimitSettings {
  const result = structuredClone(defaultRateLimitPolicies);
  for (const [name, rule] of Object.entries(overrides)) Object.assign(result[name as keyof RateLimitSettings], rule);
  return result;
}

function redisAt(prefix: string, url = testRedisUrl, timeoutMs = 500): RedisHandle {
  const handle = testRedis({ url, prefix, timeoutMs });
  cleanups.push(() => handle.cleanup());
  return handle;
}

describe("rate limits on Redis", () => {
  // The library's windows follow Date.now(): held mid-window, no boundary can fall between two calls.
  beforeEach(holdClockMidWindow);
  afterEach(releaseClock);

  it("share one count between two app instances (two connections, one prefix)", async () => {
    const prefix = uniquePrefix("shared");
    const rules = settings({ checkout: { limit: 5, windowMs: 60_000 } });
    const instanceA = new RateLimits({ settings: rules, redis: redisAt(prefix) });
    const instanceB = new RateLimits({ settings: rules, redis: redisAt(prefix) });
    const seen: number[] = [];
    for (const instance of [instanceA, instanceB, instanceA, instanceB, instanceA]) {
      const decision = await instance.check("checkout", "user:u1");
      expect(decision).toMatchObject({ success: true, storeFailure: false, limit: 5 });
      seen.push(decision.remaining);
    }
    expect(seen).toEqual([4, 3, 2, 1, 0]);
    const refused = await instanceB.check("checkout", "user:u1");
    expect(refused).toMatchObject({ success: false, remaining: 0, policy: "checkout" });
    expect(refused.reset).toBeGreaterThan(Date.now());
    expect(refused.reset).toBeLessThanOrEqual(Date.now() + 60_000);
    // Another key has its own count, on either instance.
    expect((await instanceA.check("checkout", "user:u2")).success).toBe(true);
  });

  it("lets requests through again once the window has passed", async () => {
    const limits = new RateLimits({
      settings: settings({ anonymous: { limit: 2, windowMs: 1_000 } }),
      redis: redisAt(uniquePrefix("window")),
    });
    expect((await limits.check("anonymous", "address:192.0.2.1")).success).toBe(true);
    expect((await limits.check("anonymous", "address:192.0.2.1")).success).toBe(true);
    expect((await limits.check("anonymous", "address:192.0.2.1")).success).toBe(false);
    // The sliding window weighs the previous window: two whole windows later nothing is left of it.
    advanceClock(2_000);
    expect((await limits.check("anonymous", "address:192.0.2.1")).success).toBe(true);
  });

  it("runs @upstash/ratelimit's scripts on Redis 7, whose script flags do not include Upstash's", async () => {
    const prefix = uniquePrefix("shebang");
    const limits = new RateLimits({ settings: settings({ signUp: { limit: 1, windowMs: 60_000 } }), redis: redisAt(prefix) });
    expect(await limits.check("signUp", "address:a")).toMatchObject({ success: true, storeFailure: false });
    expect(await limits.check("signUp", "address:a")).toMatchObject({ success: false, storeFailure: false });
    // Why the requester adapts the scripts: sent as the library wrote them, Redis refuses them.
    const raw = new IORedis(testRedisUrl);
    cleanups.push(async () => raw.disconnect());
    await expect(raw.eval("#!lua flags=allow-key-locking\nreturn 1", 0)).rejects.toThrow(/Unexpected flag|allow-key-locking/);
  });

  it("work over Upstash's REST protocol, sharing counts with an instance on TCP", async () => {
    const prefix = uniquePrefix("upstash");
    const upstash = await startUpstashRest(testRedisUrl, "test-token-0123456789");
    cleanups.push(() => upstash.close());
    const rules = settings({ apiKey: { limit: 3, windowMs: 60_000 } });
    const overRest = openRedis({ kind: "upstash", url: upstash.url, token: "test-token-0123456789" }, { prefix, timeoutMs: 2_000 });
    const restLimits = new RateLimits({ settings: rules, redis: overRest });
    const tcpLimits = new RateLimits({ settings: rules, redis: redisAt(prefix) });
    expect(await restLimits.check("apiKey", "key:k1")).toMatchObject({ success: true, remaining: 2, storeFailure: false });
    expect(await tcpLimits.check("apiKey", "key:k1")).toMatchObject({ success: true, remaining: 1 });
    expect(await restLimits.check("apiKey", "key:k1")).toMatchObject({ success: true, remaining: 0 });
    expect(await restLimits.check("apiKey", "key:k1")).toMatchObject({ success: false, storeFailure: false });
    expect(upstash.requests()).toBeGreaterThanOrEqual(3);
    // A wrong token is a store failure (the policy decides), not an exception.
    const wrong = new RateLimits({
      settings: rules,
      redis: openRedis({ kind: "upstash", url: upstash.url, token: "wrong" }, { prefix, timeoutMs: 2_000 }),
    });
    expect(await wrong.check("apiKey", "key:k2")).toMatchObject({ storeFailure: true, success: true });
  });
});

describe("when Redis is down", () => {
  let redis: Awaited<ReturnType<typeof privateRedis>> | undefined;
  afterAll(async () => redis?.stop());

  it("reads fail open and sign-in fails closed, logged and counted; counting resumes when Redis is back", async () => {
    redis = await privateRedis();
    const logs = captureLogs();
    const metrics = createMetrics();
    const limits = new RateLimits({
      settings: loadServerConfig({ NODE_ENV: "test" }).rateLimits,
      redis: redisAt(uniquePrefix("outage"), redis.url, 300),
      timeoutMs: 400,
      logger: logs.logger,
      metrics,
    });
    expect(await limits.check("anonymous", "address:198.51.100.7")).toMatchObject({ success: true, storeFailure: false });

    await redis.stop();
    const started = Date.now();
    const open = await limits.check("anonymous", "address:198.51.100.7");
    const closed = await limits.check("signIn", "address:198.51.100.7|email:x");
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(open).toMatchObject({ success: true, storeFailure: true, policy: "anonymous" });
    expect(closed).toMatchObject({ success: false, storeFailure: true, policy: "signIn" });
    // Many failing requests, one log line per policy (not one per request).
    for (let i = 0; i < 5; i++) await limits.check("anonymous", "address:198.51.100.7");
    const failures = logs.lines().filter((l) => l.msg === "rate-limit store unavailable");
    expect(failures.map((l) => l.policy).sort()).toEqual(["anonymous", "signIn"]);
    expect(failures.find((l) => l.policy === "signIn")).toMatchObject({ level: "error", applied: "refused (fails closed)" });
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/stockroom_rate_limit_store_errors_total\{policy="anonymous",outcome="allowed"\} 6/);
    expect(text).toMatch(/stockroom_rate_limit_store_errors_total\{policy="signIn",outcome="refused"\} 1/);

    await redis.start();
    // ioredis reconnects by itself; the next decisions come from Redis again.
    await expect
      .poll(async () => (await limits.check("signIn", "address:198.51.100.7|email:y")).storeFailure, { timeout: 10_000, interval: 200 })
      .toBe(false);
  });

  it("a Redis that hangs is a failure after the timeout, not a hung request", async () => {
    redis ??= await privateRedis();
    const limits = new RateLimits({
      settings: loadServerConfig({ NODE_ENV: "test" }).rateLimits,
      redis: redisAt(uniquePrefix("hang"), redis.url, 300),
      timeoutMs: 400,
    });
    expect((await limits.check("anonymous", "address:a")).storeFailure).toBe(false);
    const admin = new IORedis(redis.url);
    cleanups.push(async () => admin.disconnect());
    // Writes (the limiter's scripts) hang; the admin connection can still end the pause.
    await admin.call("CLIENT", "PAUSE", "10000", "WRITE");
    const started = Date.now();
    const decision = await limits.check("signUp", "address:a");
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(decision).toMatchObject({ storeFailure: true, success: false });
    await admin.call("CLIENT", "UNPAUSE");
  });
});
