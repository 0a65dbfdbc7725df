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

const actor = (userId: string, sessionId: string, name = "Chris") => ({
  type: "user" as const,
  userId,
  email: "c@example.test",
  name,
  role: "CUSTOMER" as const,
  sessionId,
});
/** A session as the loader answers it, valid for a minute. */
const heldSession = (userId: string, sessionId: string, name?: string) => ({
  actor: actor(userId, sessionId, name),
  expiresAt: new Date(Date.now() + 60_000),
});

/** A loader that counts how often the cache called it. */
function countingLoader<T>(answer: () => T) {
  const loader = {
    calls: 0,
    load: async () => {
      loader.calls += 1;
      return answer();
    },
  };
  return loader;
}

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
  await expect
    .poll(
      async () => {
        const probe = countingLoader(() => heldSession("probe", "probe"));
        await cache.session("probe", probe.load);
        await cache.session("probe", probe.load);
        return probe.calls;
      },
      { timeout: 5_000 },
    )
    .toBe(1);
}

describe("the identity cache", () => {
  it("answers a held session without loading, and forgets it when another instance announces a change", async () => {
    const channel = identityChannel(uniquePrefix("identity"));
    const a = instance(testRedisUrl, channel);
    await subscribed(a);
    const publish = await publisher(testRedisUrl);
    let name = "Chris";
    const session = countingLoader(() => heldSession("u1", "s1", name));
    expect(await a.session("s1", session.load)).toMatchObject({ name: "Chris" });
    expect(await a.session("s1", session.load)).toMatchObject({ name: "Chris" });
    expect(session.calls).toBe(1);
    // Another instance renames the user (or ends their sessions) and announces it.
    name = "Chris C.";
    await publish(channel, { userId: "u1" });
    await expect.poll(async () => (await a.session("s1", session.load))?.name, { timeout: 2_000 }).toBe("Chris C.");
    expect(session.calls).toBe(2);
  });

  it("forgets API keys by id, sessions by id, and never holds what a load returned as refused", async () => {
    const cache = new IdentityCache({ maxAgeMs: 60_000, listening: () => true });
    const key = countingLoader(() => ({ id: "k1", name: "ERP", scopes: ["orders:read"], expiresAt: null, lastUsedAt: null }));
    await cache.apiKey("hash-1", key.load);
    await cache.apiKey("hash-1", key.load);
    expect(key.calls).toBe(1);
    cache.forget({ apiKeyId: "k1" });
    await cache.apiKey("hash-1", key.load);
    expect(key.calls).toBe(2);
    const refused = countingLoader(() => null);
    await cache.apiKey("hash-unknown", refused.load);
    await cache.apiKey("hash-unknown", refused.load);
    expect(refused.calls).toBe(2);
  });

  it("does not keep what it loaded while a change was being announced (it may have read the old row)", async () => {
    const cache = new IdentityCache({ maxAgeMs: 60_000, listening: () => true });
    let loads = 0;
    await cache.session("s1", async () => {
      loads += 1;
      cache.forget({ sessionId: "s1" }); // the announcement arrives while the row is being read
      return heldSession("u1", "s1");
    });
    await cache.session("s1", async () => {
      loads += 1;
      return heldSession("u1", "s1");
    });
    expect(loads).toBe(2);
  });

  it("never outlives the session it holds, nor its own maximum age", async () => {
    let now = Date.parse("2030-01-01T00:00:00Z");
    const cache = new IdentityCache({ maxAgeMs: 60_000, listening: () => true, now: () => now });
    await cache.session("s1", async () => ({ actor: actor("u1", "s1"), expiresAt: new Date(now + 200) }));
    now += 199;
    expect(await cache.session("s1", async () => null)).toMatchObject({ sessionId: "s1" });
    now += 1;
    expect(await cache.session("s1", async () => null)).toBeNull();

    await cache.session("s2", async () => ({ actor: actor("u2", "s2"), expiresAt: new Date(now + 3_600_000) }));
    now += 59_999;
    expect(await cache.session("s2", async () => null)).toMatchObject({ sessionId: "s2" });
    now += 1;
    expect(await cache.session("s2", async () => null)).toBeNull();
  });

  it("while it cannot hear announcements (Redis down) it loads every time, and forgets everything once it hears again", async () => {
    const redis = await privateRedis();
    cleanups.push(() => redis.stop());
    const channel = identityChannel(uniquePrefix("identity-outage"));
    const cache = instance(redis.url, channel);
    await subscribed(cache);
    const session = countingLoader(() => heldSession("u2", "s2"));
    await cache.session("s2", session.load);
    await cache.session("s2", session.load);
    expect(session.calls).toBe(1);
    await redis.stop();
    await expect
      .poll(
        async () => {
          const before = session.calls;
          await cache.session("s2", session.load);
          return session.calls - before;
        },
        { timeout: 5_000 },
      )
      .toBe(1);
    await redis.start();
    await subscribed(cache);
    const before = session.calls;
    await cache.session("s2", session.load);
    expect(session.calls - before).toBe(1);
  });
});
