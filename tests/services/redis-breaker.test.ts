/**
 * The circuit breaker around Redis (src/server/redis/breaker.ts): its states on an injected clock, and what it
 * buys during an outage of a private redis-server that hangs (the costly kind: every command waits out the
 * timeout): once open, rate-limit checks apply their failure rule without asking Redis, and one probe per
 * cool-down brings Redis back.
 */
import IORedis from "ioredis";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { loadServerConfig } from "../../src/server/config";
import { RateLimits } from "../../src/server/rate-limit";
import { BreakerOpen, CircuitBreaker, type BreakerState } from "../../src/server/redis/breaker";
import { privateRedis, testRedis, uniquePrefix } from "../setup/redis";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

describe("the circuit breaker", () => {
  it("opens after N failures in a row, skips the work while open, probes once after the cool-down", async () => {
    const time = clock();
    const changes: string[] = [];
    const breaker = new CircuitBreaker({
      failures: 3,
      cooldownMs: 5_000,
      now: time.now,
      onChange: (to, from) => changes.push(`${from}→${to}`),
    });
    let calls = 0;
    const failing = () =>
      breaker.run(async () => {
        calls++;
        throw new Error("down");
      });

    // A success in between resets the count: failures must be in a row.
    await expect(failing()).rejects.toThrow("down");
    await expect(failing()).rejects.toThrow("down");
    expect(await breaker.run(async () => "ok")).toBe("ok");
    for (let i = 0; i < 3; i++) await expect(failing()).rejects.toThrow("down");
    expect(breaker.state).toBe<BreakerState>("open");
    const callsWhenOpened = calls;

    // Open: refused at once, the work is not even started.
    for (let i = 0; i < 20; i++) await expect(failing()).rejects.toBeInstanceOf(BreakerOpen);
    expect(calls).toBe(callsWhenOpened);

    // After the cool-down one probe goes through; a failed probe opens it again for a whole cool-down.
    time.advance(5_000);
    await expect(failing()).rejects.toThrow("down");
    expect(calls).toBe(callsWhenOpened + 1);
    expect(breaker.state).toBe<BreakerState>("open");
    time.advance(4_999);
    await expect(failing()).rejects.toBeInstanceOf(BreakerOpen);

    // While a probe is out, other calls are refused; the probe's success closes the breaker.
    time.advance(1);
    let answer!: (value: string) => void;
    const probe = breaker.run(() => new Promise<string>((resolve) => (answer = resolve)));
    expect(breaker.state).toBe<BreakerState>("half-open");
    await expect(breaker.run(async () => "other")).rejects.toBeInstanceOf(BreakerOpen);
    answer("back");
    expect(await probe).toBe("back");
    expect(breaker.state).toBe<BreakerState>("closed");
    expect(changes).toEqual(["closed→open", "open→half-open", "half-open→open", "open→half-open", "half-open→closed"]);
  });
});

describe("a Redis that hangs, behind the breaker", () => {
  let redis: Awaited<ReturnType<typeof privateRedis>> | undefined;
  afterAll(async () => redis?.stop());

  it("costs the timeout only until the breaker opens; then checks apply the failure rule without asking Redis; one probe brings Redis back", async () => {
    redis = await privateRedis();
    const time = clock(Date.now());
    const timeoutMs = 400;
    const handle = testRedis({
      url: redis.url,
      prefix: uniquePrefix("breaker"),
      timeoutMs,
      breaker: { failures: 3, cooldownMs: 5_000, now: time.now },
    });
    cleanups.push(() => handle.cleanup());
    const limits = new RateLimits({ settings: loadServerConfig({ NODE_ENV: "test" }).rateLimits, redis: handle, timeoutMs });
    expect((await limits.check("anonymous", "address:a")).storeFailure).toBe(false);

    const admin = new IORedis(redis.url);
    cleanups.push(async () => admin.disconnect());
    const processed = async () => Number(/total_commands_processed:(\d+)/.exec(String(await admin.call("INFO", "stats")))?.[1]);
    const before = await processed();
    await admin.call("CLIENT", "PAUSE", "60000", "WRITE");
    try {
      // Three checks wait out the timeout each and open the breaker...
      for (let i = 0; i < 3; i++) expect(await limits.check("anonymous", "address:a")).toMatchObject({ storeFailure: true, success: true });
      expect(handle.breaker.state).toBe<BreakerState>("open");
      // ...after which forty checks apply their failure rule at once, asking Redis nothing (counted below).
      for (let i = 0; i < 20; i++) {
        expect(await limits.check("anonymous", "address:a")).toMatchObject({ storeFailure: true, success: true });
        expect(await limits.check("signIn", "address:a|email:b")).toMatchObject({ storeFailure: true, success: false });
      }
    } finally {
      await admin.call("CLIENT", "UNPAUSE");
    }
    // What reached Redis during the outage: the three timed-out checks' commands and our own INFO/PAUSE/UNPAUSE,
    // 15 here; at least forty more had each check asked.
    expect((await processed()) - before).toBeLessThan(30);
    // Redis answers again, but nobody asks it until the cool-down is over; then the probe closes the breaker.
    expect((await limits.check("anonymous", "address:a")).storeFailure).toBe(true);
    time.advance(5_000);
    expect((await limits.check("anonymous", "address:a")).storeFailure).toBe(false);
    expect(handle.breaker.state).toBe<BreakerState>("closed");
  });
});
