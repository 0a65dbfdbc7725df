/**
 * Rate limits as callers meet them: procedures with their declared policies, REST (429, Retry-After,
 * RateLimit-* on every answer, on the real Redis), the tRPC endpoint, and addresses a client cannot forge.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { generateApiKeySecret } from "../../src/server/auth/api-keys";
import { GET as trpcGet } from "../../src/app/api/trpc/[trpc]/route";
import { loadServerConfig } from "../../src/server/config";
import { createInnerContext } from "../../src/server/context";
import { getDatabase } from "../../src/server/db";
import type { Actor } from "../../src/server/auth/permissions";
import { RateLimits } from "../../src/server/rate-limit";
import { closeRedis } from "../../src/server/redis";
import { identify } from "../../src/server/request-context";
import { createCaller } from "../../src/server/routers/_app";
import { holdClockMidWindow, releaseClock } from "../setup/clock";
import { deleteKeys, testRedisUrl, uniquePrefix } from "../setup/redis";
import { apiKey, expectTrpcError, newCustomer, withEnv } from "./helpers";
import { rest } from "./rest-request";

function limits(env: Record<string, string>) {
  return new RateLimits({ settings: loadServerConfig({ NODE_ENV: "test", ...env }).rateLimits, redis: null });
}

function callerWith(rateLimits: RateLimits, actor: Actor | null, ip: string) {
  return createCaller(createInnerContext({ db: getDatabase().db, actor, rateLimits, client: { ip } }));
}

describe("declared rate limits", () => {
  it("sign-up: 3 an hour per address by default, then TOO_MANY_REQUESTS with the policy and when to retry", async () => {
    const rateLimits = limits({});
    const signUp = (ip: string, n: number) =>
      callerWith(rateLimits, null, ip).auth.signUp({
        email: `rl-${Date.now()}-${n}-${ip}@example.test`,
        password: "long enough pass",
        name: "R",
      });
    for (let i = 0; i < 3; i++) await signUp("192.0.2.77", i);
    const refused = await expectTrpcError(signUp("192.0.2.77", 3), "TOO_MANY_REQUESTS", "RATE_LIMITED");
    expect(refused.message).toMatch(/the limit is 3 per hour \(new accounts, per client address\); try again in \d+ s/);
    expect((refused.cause as unknown as { details: Record<string, unknown> }).details).toMatchObject({
      policy: "signUp",
      limit: 3,
      retryAfterSeconds: expect.any(Number),
    });
    // Nothing was created by the refused call, and another address may still sign up.
    expect(await getDatabase().db.user.count({ where: { email: { startsWith: "rl-", endsWith: "-3-192.0.2.77@example.test" } } })).toBe(0);
    await signUp("192.0.2.78", 0);
  });

  it("checkout: per user, on top of the general limit; refused calls do not reach the handler", async () => {
    const rateLimits = limits({ RATE_LIMIT_CHECKOUT: "2/1m" });
    const { actor } = await newCustomer();
    const caller = callerWith(rateLimits, actor, "192.0.2.80");
    // An empty cart: each call is counted, then refused by the handler (CART_EMPTY).
    await expectTrpcError(caller.cart.checkout({ idempotencyKey: "rl-checkout-1" }), "UNPROCESSABLE_CONTENT", "CART_EMPTY");
    await expectTrpcError(caller.cart.checkout({ idempotencyKey: "rl-checkout-2" }), "UNPROCESSABLE_CONTENT", "CART_EMPTY");
    await expectTrpcError(caller.cart.checkout({ idempotencyKey: "rl-checkout-3" }), "TOO_MANY_REQUESTS", "RATE_LIMITED");
    // Other procedures only count against the user's general limit.
    await caller.cart.get();
    const other = await newCustomer();
    await expectTrpcError(
      callerWith(rateLimits, other.actor, "192.0.2.80").cart.checkout({ idempotencyKey: "rl-checkout-4" }),
      "UNPROCESSABLE_CONTENT",
      "CART_EMPTY",
    );
  });

  it("counts every call by a guest per address, by a user per user, by an API key per key", async () => {
    const rateLimits = limits({ RATE_LIMIT_ANONYMOUS: "2/1m", RATE_LIMIT_USER: "3/1m", RATE_LIMIT_API_KEY: "1/1m" });
    const guest = callerWith(rateLimits, null, "192.0.2.90");
    await guest.storefront.list({ limit: 1 });
    await guest.storefront.list({ limit: 2 });
    await expectTrpcError(guest.storefront.list({ limit: 3 }), "TOO_MANY_REQUESTS", "RATE_LIMITED");
    await callerWith(rateLimits, null, "192.0.2.91").storefront.list({ limit: 1 });

    const { actor } = await newCustomer();
    // The same address as the refused guest: a signed-in user has a bucket of their own.
    const user = callerWith(rateLimits, actor, "192.0.2.90");
    for (let i = 0; i < 3; i++) await user.storefront.list({ limit: 1 });
    await expectTrpcError(user.cart.get(), "TOO_MANY_REQUESTS", "RATE_LIMITED");

    const key = await apiKey(["products:read"]);
    const withKey = callerWith(rateLimits, key.actor, "192.0.2.90");
    await withKey.products.list({ limit: 1 });
    await expectTrpcError(withKey.products.list({ limit: 1 }), "TOO_MANY_REQUESTS", "RATE_LIMITED");
  });

  it("are counted before the access check, so floods of refused calls are limited too", async () => {
    const rateLimits = limits({ RATE_LIMIT_ANONYMOUS: "1/1m" });
    const guest = callerWith(rateLimits, null, "192.0.2.95");
    await expectTrpcError(guest.products.list({ limit: 1 }), "UNAUTHORIZED");
    await expectTrpcError(guest.products.list({ limit: 1 }), "TOO_MANY_REQUESTS", "RATE_LIMITED");
  });
});

describe("refused API keys", () => {
  it("count against their address; past the limit, keys from there are not looked up in the database", async () => {
    const rateLimits = limits({ RATE_LIMIT_API_KEY_FAILURES: "3/1m" });
    let lookups = 0;
    const db = new Proxy(getDatabase().db, {
      get(target, property, receiver) {
        if (property === "apiKey") lookups += 1;
        return Reflect.get(target, property, receiver) as unknown;
      },
    });
    const present = (secret: string, ip: string) =>
      identify(db, new Headers({ authorization: `Bearer ${secret}`, "x-forwarded-for": ip }), rateLimits);
    for (let i = 0; i < 3; i++) {
      expect(await present(generateApiKeySecret("test"), "198.51.100.7")).toEqual({ actor: null, credentialProblem: "INVALID_API_KEY" });
    }
    expect(lookups).toBe(3);
    // The fourth refusal is counted over the limit; from then on the address's keys are not even looked up.
    await present(generateApiKeySecret("test"), "198.51.100.7");
    lookups = 0;
    const { secret } = await apiKey(["products:read"]);
    const refused = await present(secret, "198.51.100.7");
    expect(refused).toMatchObject({ actor: null, credentialProblem: null, refusal: { policy: "apiKeyFailures", success: false } });
    expect(lookups).toBe(0);
    // Another address is looked up as usual.
    expect((await present(secret, "198.51.100.8")).actor).toMatchObject({ type: "apiKey" });
    expect(lookups).toBeGreaterThan(0);
  });
});

describe("over HTTP, on Redis", () => {
  const prefix = uniquePrefix("http");
  const env = { REDIS_URL: testRedisUrl, REDIS_KEY_PREFIX: prefix, RATE_LIMIT_API_KEY: "3/1m", RATE_LIMIT_ANONYMOUS: "2/1m" };
  afterAll(async () => {
    await closeRedis();
    await deleteKeys(testRedisUrl, prefix);
  });
  // Windows follow Date.now(): held mid-window, no boundary falls between the calls a test counts.
  beforeEach(holdClockMidWindow);
  afterEach(releaseClock);

  it("REST: RateLimit-* headers on every answer, then 429 with Retry-After and the envelope", async () => {
    await withEnv(env, async () => {
      const { secret } = await apiKey(["products:read"]);
      const remaining: string[] = [];
      for (let i = 0; i < 3; i++) {
        const ok = await rest("GET", "/products?limit=1", { key: secret });
        expect(ok.status).toBe(200);
        expect(ok.headers.get("ratelimit-limit")).toBe("3");
        expect(ok.headers.get("ratelimit-policy")).toBe('3;w=60;name="apiKey"');
        expect(Number(ok.headers.get("ratelimit-reset"))).toBeGreaterThan(0);
        remaining.push(ok.headers.get("ratelimit-remaining")!);
      }
      expect(remaining).toEqual(["2", "1", "0"]);
      const refused = await rest("GET", "/products?limit=1", { key: secret });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(refused.headers.get("retry-after")).toBe(refused.headers.get("ratelimit-reset"));
      expect(refused.headers.get("ratelimit-remaining")).toBe("0");
      expect(refused.body).toMatchObject({ data: null, errors: [{ code: "RATE_LIMITED", message: expect.any(String) }] });
      expect(refused.body!.errors[0].message).toMatch(/the limit is 3 per minute/);
      // Another key is not affected.
      const other = await apiKey(["products:read"]);
      expect((await rest("GET", "/products?limit=1", { key: other.secret })).status).toBe(200);
    });
  });

  it("guests are counted by the address the server saw, not the one they claim", async () => {
    await withEnv(env, async () => {
      // The production server appends the connection's address; a client may write anything before it.
      const from = (claimed: string) => ({ headers: { "x-forwarded-for": `${claimed}, 203.0.113.200` } });
      expect((await rest("GET", "/storefront/products?limit=1", from("1.1.1.1"))).status).toBe(200);
      expect((await rest("GET", "/storefront/products?limit=1", from("2.2.2.2"))).status).toBe(200);
      const refused = await rest("GET", "/storefront/products?limit=1", from("3.3.3.3"));
      expect(refused.status).toBe(429);
      // With one trusted proxy in front, the entry it wrote is the client.
      await withEnv({ TRUSTED_PROXY_HOPS: "1" }, async () => {
        expect((await rest("GET", "/storefront/products?limit=1", from("4.4.4.4"))).status).toBe(200);
      });
    });
  });

  it("REST: an address that sent too many made-up keys hears 429 RATE_LIMITED (apiKeyFailures), even with a good key", async () => {
    await withEnv({ ...env, RATE_LIMIT_API_KEY_FAILURES: "2/1m", RATE_LIMIT_ANONYMOUS: "10/1m" }, async () => {
      const from = (ip: string, key: string) => ({ key, headers: { "x-forwarded-for": ip } });
      for (let i = 0; i < 3; i++) {
        const refused = await rest("GET", "/products?limit=1", from("203.0.113.210", generateApiKeySecret("test")));
        expect(refused.status).toBe(401);
        expect(refused.body!.errors[0].code).toBe("INVALID_API_KEY");
      }
      const { secret } = await apiKey(["products:read"]);
      const limited = await rest("GET", "/products?limit=1", from("203.0.113.210", secret));
      expect(limited.status).toBe(429);
      expect(limited.body!.errors[0]).toMatchObject({ code: "RATE_LIMITED" });
      expect(limited.body!.errors[0].message).toMatch(/refused API keys, per client address/);
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect((await rest("GET", "/products?limit=1", from("203.0.113.211", secret))).status).toBe(200);
    });
  });

  it("the tRPC endpoint answers 429 with Retry-After and RateLimit-* headers", async () => {
    await withEnv({ ...env, RATE_LIMIT_ANONYMOUS: "1/1m" }, async () => {
      const url = `http://stockroom.test/api/trpc/storefront.list?input=${encodeURIComponent(JSON.stringify({ json: { limit: 1 } }))}`;
      const headers = { "x-forwarded-for": "203.0.113.201" };
      const ok = await trpcGet(new Request(url, { headers }));
      expect(ok.status).toBe(200);
      expect(ok.headers.get("ratelimit-remaining")).toBe("0");
      const refused = await trpcGet(new Request(url, { headers }));
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      const body = (await refused.json()) as { error: { json: { data: { reason: string; details: { policy: string } } } } };
      expect(body.error.json.data).toMatchObject({ reason: "RATE_LIMITED", details: { policy: "anonymous" } });
    });
  });
});
