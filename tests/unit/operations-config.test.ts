/** Settings for operations (Redis, rate limits, metrics, proxies), the client address and log scrubbing. */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { clientAddress } from "../../src/server/client-info";
import { loadServerConfig } from "../../src/server/config";
import { scrubSecrets } from "../../src/server/logger";
import { describeWindow, envNameOf, parseRateLimitSettings } from "../../src/server/rate-limit/policies";
import { adaptScript, ScriptAdapter } from "../../src/server/redis/connection";

const base = { NODE_ENV: "development" };

describe("Redis settings", () => {
  it("picks REDIS_URL, Upstash's pair, or none", () => {
    expect(loadServerConfig(base).redis).toEqual({ kind: "none" });
    expect(loadServerConfig({ ...base, REDIS_URL: "redis://10.0.0.5:6379/2" }).redis).toEqual({
      kind: "redis",
      url: "redis://10.0.0.5:6379/2",
    });
    expect(
      loadServerConfig({ ...base, UPSTASH_REDIS_REST_URL: "https://eu1-x.upstash.io", UPSTASH_REDIS_REST_TOKEN: "tok" }).redis,
    ).toEqual({
      kind: "upstash",
      url: "https://eu1-x.upstash.io",
      token: "tok",
    });
  });

  it("refuses malformed or conflicting values with one line naming the variable", () => {
    expect(() => loadServerConfig({ ...base, REDIS_URL: "localhost:6379" })).toThrowError(/^REDIS_URL: use redis:\/\//);
    expect(() => loadServerConfig({ ...base, UPSTASH_REDIS_REST_URL: "https://eu1-x.upstash.io" })).toThrowError(
      /^UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN must be set together/,
    );
    expect(() =>
      loadServerConfig({ ...base, REDIS_URL: "redis://r:6379", UPSTASH_REDIS_REST_URL: "https://u.io", UPSTASH_REDIS_REST_TOKEN: "t" }),
    ).toThrowError(/^REDIS_URL and UPSTASH_REDIS_REST_URL are both set/);
    expect(() => loadServerConfig({ ...base, REDIS_KEY_PREFIX: "has space" })).toThrowError(/^REDIS_KEY_PREFIX:/);
    expect(() => loadServerConfig({ ...base, METRICS_TOKEN: "short" })).toThrowError(/^METRICS_TOKEN: use at least 16 characters/);
    expect(() => loadServerConfig({ ...base, TRUSTED_PROXY_HOPS: "-1" })).toThrowError(/^TRUSTED_PROXY_HOPS:/);
    expect(() => loadServerConfig({ ...base, STOCKROOM_ALLOW_DEMO_DATA: "yes" })).toThrowError(
      /^STOCKROOM_ALLOW_DEMO_DATA: use true or false/,
    );
    expect(() => loadServerConfig({ ...base, CACHE_TTL_SECONDS: "ten" })).toThrowError(/^CACHE_TTL_SECONDS:/);
  });

  it("lets metrics be scraped from this machine in development only", () => {
    expect(loadServerConfig(base).metricsAllowFrom).toContain("127.0.0.1");
    expect(loadServerConfig({ NODE_ENV: "production", DATABASE_URL: "pglite:memory" }).metricsAllowFrom).toEqual([]);
    expect(loadServerConfig({ ...base, METRICS_ALLOW_FROM: "10.0.0.9, 10.0.0.10" }).metricsAllowFrom).toEqual(["10.0.0.9", "10.0.0.10"]);
  });
});

describe("rate-limit policies", () => {
  it("have the documented defaults, each overridable by RATE_LIMIT_<NAME>", () => {
    const settings = parseRateLimitSettings({});
    expect(settings.signIn).toMatchObject({ limit: 5, windowMs: 60_000, key: "addressAndEmail", onStoreFailure: "closed" });
    expect(settings.signUp).toMatchObject({ limit: 3, windowMs: 3_600_000, key: "address", onStoreFailure: "closed" });
    expect(settings.checkout).toMatchObject({ limit: 10, windowMs: 60_000, key: "actor", onStoreFailure: "open" });
    expect(settings.apiKey).toMatchObject({ limit: 600, windowMs: 60_000, onStoreFailure: "open" });
    expect(settings.anonymous).toMatchObject({ key: "address", onStoreFailure: "open" });
    expect(envNameOf("signInAddress")).toBe("RATE_LIMIT_SIGN_IN_ADDRESS");
    const changed = parseRateLimitSettings({ RATE_LIMIT_CHECKOUT: "20/30s", RATE_LIMIT_SIGN_UP: "1/1d" });
    expect(changed.checkout).toMatchObject({ limit: 20, windowMs: 30_000 });
    expect(changed.signUp).toMatchObject({ limit: 1, windowMs: 86_400_000 });
  });

  it("refuse a malformed limit or an unknown policy with one line", () => {
    expect(() => parseRateLimitSettings({ RATE_LIMIT_CHECKOUT: "10 per minute" })).toThrowError(
      /^RATE_LIMIT_CHECKOUT: use <count>\/<window> such as 10\/1m/,
    );
    expect(() => parseRateLimitSettings({ RATE_LIMIT_USER: "0/1m" })).toThrowError(/^RATE_LIMIT_USER:/);
    expect(() => parseRateLimitSettings({ RATE_LIMIT_FAIL_CLOSED: "signIn,login" })).toThrowError(
      /^RATE_LIMIT_FAIL_CLOSED: unknown policy "login"/,
    );
  });

  it("choose which policies fail closed with RATE_LIMIT_FAIL_CLOSED", () => {
    const settings = parseRateLimitSettings({ RATE_LIMIT_FAIL_CLOSED: "checkout" });
    expect(settings.checkout.onStoreFailure).toBe("closed");
    expect(settings.signIn.onStoreFailure).toBe("open");
    expect(parseRateLimitSettings({ RATE_LIMIT_FAIL_CLOSED: "none" }).signUp.onStoreFailure).toBe("open");
  });

  it("describe their window in words", () => {
    expect(describeWindow({ limit: 10, windowMs: 60_000 })).toBe("10 per minute");
    expect(describeWindow({ limit: 3, windowMs: 3_600_000 })).toBe("3 per hour");
    expect(describeWindow({ limit: 20, windowMs: 30_000 })).toBe("20 per 30 seconds");
  });
});

describe("the client's address", () => {
  const headers = (xff: string) => new Headers({ "x-forwarded-for": xff });

  it("is the connection's peer (appended by the server) when no proxy is trusted: a claimed address is ignored", () => {
    expect(clientAddress(headers("203.0.113.50"), 0)).toBe("203.0.113.50");
    // The client sent "X-Forwarded-For: 1.2.3.4"; the server appended the peer it saw.
    expect(clientAddress(headers("1.2.3.4, 198.51.100.20"), 0)).toBe("198.51.100.20");
  });

  it("is the entry written by the last trusted proxy when TRUSTED_PROXY_HOPS says there is one", () => {
    // client claims 1.2.3.4; the proxy saw 198.51.100.20 and appended it; the server appended the proxy 10.0.0.2.
    expect(clientAddress(headers("1.2.3.4, 198.51.100.20, 10.0.0.2"), 1)).toBe("198.51.100.20");
    expect(clientAddress(headers("198.51.100.20, 10.0.0.3, 10.0.0.2"), 2)).toBe("198.51.100.20");
  });

  it("normalises IPv4-mapped addresses and has none without the header", () => {
    expect(clientAddress(headers("::ffff:127.0.0.1"), 0)).toBe("127.0.0.1");
    expect(clientAddress(headers("2001:db8::1"), 0)).toBe("2001:db8::1");
    expect(clientAddress(new Headers(), 0)).toBeNull();
  });
});

describe("log scrubbing", () => {
  it("removes credentials from anywhere in a line", () => {
    const line = JSON.stringify({
      msg: "failed: redis://stockroom:hunter2-secret@redis.internal:6379 said no",
      header: "Bearer sk_live_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
      cookie: "authjs.session-token=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2Q0JDLUhTNTEyIn0..x; other=1",
      key: "sk_test_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG",
    });
    const scrubbed = scrubSecrets(line);
    for (const secret of [
      "hunter2-secret",
      "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
      "eyJhbGciOiJkaXIi",
      "0123456789abcdefghijklmnopqrstuvwxyzABCDEFG",
    ]) {
      expect(scrubbed).not.toContain(secret);
    }
    expect(scrubbed).toContain("redis://stockroom:[redacted]@redis.internal:6379");
    expect(scrubbed).toContain("other=1");
  });
});

describe("@upstash/ratelimit scripts on Redis", () => {
  it("drops only the flags Redis does not know, and maps the library's hash to the adapted script's", () => {
    expect(adaptScript("#!lua flags=allow-key-locking\nreturn 1")).toBe("#!lua\nreturn 1");
    expect(adaptScript("#!lua flags=no-writes,allow-key-locking\nreturn 1")).toBe("#!lua flags=no-writes\nreturn 1");
    expect(adaptScript("#!lua flags=no-writes\nreturn 1")).toBe("#!lua flags=no-writes\nreturn 1");
    expect(adaptScript("return 1")).toBe("return 1");
    const adapter = new ScriptAdapter();
    const original = "#!lua flags=allow-key-locking\nreturn 1";
    expect(adapter.adapt(["EVAL", original, "0"])).toEqual(["EVAL", "#!lua\nreturn 1", "0"]);
    const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");
    expect(adapter.adapt(["EVALSHA", sha1(original), "0"])).toEqual(["EVALSHA", sha1("#!lua\nreturn 1"), "0"]);
    // A hash it has not seen goes to Redis as it is (Redis answers NOSCRIPT, the library then sends EVAL).
    expect(adapter.adapt(["EVALSHA", sha1("return 2"), "0"])[1]).toBe(sha1("return 2"));
  });
});
