/**
 * Sessions and API keys held in memory by two instances that hear each other's announcements through the
 * real Redis; and what happens while an instance cannot hear them.
 */
import IORedis from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import { IdentityCache, identityChannel, listeningCache, type IdentityChange } from "../../src/server/auth/identity-cache";
import { privateRedis, testRedisUrl, uniquePrefix } from "../setup/redis";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const actor = (userId: string, sessionId: string, name = "Chris") => ({ type: "user" as const, userId, email: "c@example.test", name, role: "CUSTOMER" as const, sessionId });
const inAMinute = () => new Date(Date.now() + 60_000);

function instance(url: string, channel: string) {
  const made = listeningCache(url, channel, 60_000);
  cleanups.push(made.close);
  return made.cache;
}

async function publisher(url: string) {
  const client = new IORedis(url);
  cleanups.push(async () => client.disconnect());
  return (channel: string, change: IdentityChange) => client.publish(channel, JSON.stringify(change));
}

/** Waits until the cache is subscribed (it answers from memory only then). */
async function subscribed(cache: IdentityCache) {
  await expect.poll(async () => {
    let loads = 0;
    const load = async () => {
      loads += 1;
      return { actor: actor("probe", "probe"), expiresAt: inAMinute() };
    };
    await cache.session("probe", load);
    await cache.session("probe", load);
    return loads;
  }, { timeout: 5_000 }).toBe(1);
}

describe("the identity cache", () => {
  it("answers a held session without loading, and forgets it when another instance announces a change", async () => {
    const channel = identityChannel(uniquePrefix("identity"));
    const a = instance(testRedisUrl, channel);
    await subscribed(a);
    const publish = await publisher(testRedisUrl);
    let loads = 0;
    const load = (name: string) => async () => {
      loads += 1;
      return { actor: actor("u1", "s1", name), expiresAt: inAMinute() };
    };
    expect(await a.session("s1", load("Chris"))).toMatchObject({ name: "Chris" });
    expect(await a.session("s1", load("Chris"))).toMatchObject({ name: "Chris" });
    expect(loads).toBe(1);
    // Another instance renames the user (or ends their sessions) and announces it.
    await publish(channel, { userId: "u1" });
    await expect.poll(async () => (await a.session("s1", load("Chris C.")))?.name, { timeout: 2_000 }).toBe("Chris C.");
    expect(loads).toBe(2);
  });

  it("forgets API keys by id, sessions by id, and never holds what a load returned as refused", async () => {
    const cache = new IdentityCache({ maxAgeMs: 60_000, listening: () => true });
    let loads = 0;
    const key = { id: "k1", name: "ERP", scopes: ["orders:read"], expiresAt: null, lastUsedAt: null };
    const loadKey = async () => {
      loads += 1;
      return key;
    };
    await cache.apiKey("hash-1", loadKey);
    await cache.apiKey("hash-1", loadKey);
    expect(loads).toBe(1);
    cache.forget({ apiKeyId: "k1" });
    await cache.apiKey("hash-1", loadKey);
    expect(loads).toBe(2);
    let refusedLoads = 0;
    for (let i = 0; i < 2; i++) {
      await cache.apiKey("hash-unknown", async () => {
        refusedLoads += 1;
        return null;
      });
    }
    expect(refusedLoads).toBe(2);
  });

  it("does not keep what it loaded while a change was being announced (it may have read the old row)", async () => {
    const cache = new IdentityCache({ maxAgeMs: 60_000, listening: () => true });
    let loads = 0;
    await cache.session("s1", async () => {
      loads += 1;
      cache.forget({ sessionId: "s1" }); // the announcement arrives while the row is being read
      return { actor: actor("u1", "s1"), expiresAt: inAMinute() };
    });
    await cache.session("s1", async () => {
      loads += 1;
      return { actor: actor("u1", "s1"), expiresAt: inAMinute() };
    });
    expect(loads).toBe(2);
  });

  it("never outlives the session it holds", async () => {
    const cache = new IdentityCache({ maxAgeMs: 60_000, listening: () => true });
    const soon = { actor: actor("u1", "s1"), expiresAt: new Date(Date.now() + 200) };
    await cache.session("s1", async () => soon);
    await new Promise((r) => setTimeout(r, 250));
    expect(await cache.session("s1", async () => null)).toBeNull();
  });

  it("while it cannot hear announcements (Redis down) it loads every time, and forgets everything once it hears again", async () => {
    const redis = await privateRedis();
    cleanups.push(() => redis.stop());
    const channel = identityChannel(uniquePrefix("identity-outage"));
    const cache = instance(redis.url, channel);
    await subscribed(cache);
    let loads = 0;
    const load = async () => {
      loads += 1;
      return { actor: actor("u2", "s2"), expiresAt: inAMinute() };
    };
    await cache.session("s2", load);
    await cache.session("s2", load);
    expect(loads).toBe(1);
    await redis.stop();
    await expect.poll(async () => {
      const before = loads;
      await cache.session("s2", load);
      return loads - before;
    }, { timeout: 5_000 }).toBe(1);
    await redis.start();
    await subscribed(cache);
    const before = loads;
    await cache.session("s2", load);
    expect(loads - before).toBe(1);
  });
});
