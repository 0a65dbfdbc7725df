import { describe, expect, it } from "vitest";
import { loadAuthConfig } from "../../src/server/auth/config";
import { decideAccess, hasPermission, type Actor } from "../../src/server/auth/permissions";
import { parseAuthorization } from "../../src/server/auth/api-keys";
import { createMemoryRateLimiter } from "../../src/server/rate-limit";

const secret = "0123456789abcdef0123456789abcdef";

describe("loadAuthConfig", () => {
  it("requires AUTH_SECRET and AUTH_URL in production, with one line naming each", () => {
    expect(() => loadAuthConfig({ NODE_ENV: "production" })).toThrowError(/^AUTH_SECRET is required when NODE_ENV=production/);
    expect(() => loadAuthConfig({ NODE_ENV: "production", AUTH_SECRET: secret })).toThrowError(/^AUTH_URL is required/);
    expect(loadAuthConfig({ NODE_ENV: "production", AUTH_SECRET: secret, AUTH_URL: "https://shop.example" })).toMatchObject({
      secret,
      secureCookies: true,
    });
    expect(loadAuthConfig({ NODE_ENV: "production", AUTH_SECRET: secret, AUTH_TRUST_HOST: "true" }).secureCookies).toBe(true);
  });

  it("refuses a short secret", () => {
    expect(() => loadAuthConfig({ AUTH_SECRET: "short" })).toThrowError(/^AUTH_SECRET must be at least 32 characters/);
  });

  it("switches OAuth providers on only when both variables of a pair are set", () => {
    expect(loadAuthConfig({ AUTH_SECRET: secret }).oauthProviders).toEqual([]);
    expect(loadAuthConfig({ AUTH_SECRET: secret, AUTH_GITHUB_ID: "id", AUTH_GITHUB_SECRET: "s" }).oauthProviders).toEqual(["github"]);
    expect(() => loadAuthConfig({ AUTH_SECRET: secret, AUTH_GOOGLE_ID: "id" })).toThrowError(
      /^AUTH_GOOGLE_ID and AUTH_GOOGLE_SECRET must be set together/,
    );
  });
});

describe("permissions", () => {
  const staff: Actor = { type: "user", userId: "u", email: "s@x", name: "S", role: "STAFF", sessionId: "s" };
  const key: Actor = { type: "apiKey", apiKeyId: "k", name: "K", scopes: ["orders:read"] };

  it("lets x:any include x:own, but never the reverse", () => {
    expect(hasPermission(staff, "order:read:own")).toBe(true);
    const customer: Actor = { ...staff, role: "CUSTOMER" };
    expect(hasPermission(customer, "order:read:own")).toBe(true);
    expect(hasPermission(customer, "order:read:any")).toBe(false);
  });

  it("gives API keys their scopes' permissions only, and never signed-in-only procedures", () => {
    expect(decideAccess({ kind: "permission", permission: "order:read:any" }, key)).toBe("allow");
    expect(decideAccess({ kind: "permission", permission: "order:write:any" }, key)).toBe("forbidden");
    expect(decideAccess({ kind: "signedIn" }, key)).toBe("forbidden");
    expect(decideAccess({ kind: "authenticated" }, null)).toBe("unauthenticated");
  });
});

describe("parseAuthorization", () => {
  it("accepts a bearer key in any case of the scheme, and calls anything else malformed", () => {
    const k = `sk_live_${"a".repeat(43)}`;
    expect(parseAuthorization(null)).toEqual({ kind: "none" });
    expect(parseAuthorization(`bearer ${k}`)).toEqual({ kind: "apiKey", secret: k });
    for (const bad of ["", "Bearer", `Token ${k}`, `Bearer ${k}x`, `Bearer sk_prod_${"a".repeat(43)}`]) {
      expect(parseAuthorization(bad)).toEqual({ kind: "malformed" });
    }
  });
});

describe("the in-process rate limiter", () => {
  it("allows `limit` hits per sliding window per key", async () => {
    let now = 1_000_000;
    const limiter = createMemoryRateLimiter({ limit: 2, windowMs: 1000 }, () => now);
    expect((await limiter.limit("a")).success).toBe(true);
    expect(await limiter.limit("a")).toMatchObject({ success: true, remaining: 0 });
    expect(await limiter.limit("a")).toMatchObject({ success: false, reset: 1_001_000 });
    expect((await limiter.limit("b")).success).toBe(true);
    now += 1001;
    expect((await limiter.limit("a")).success).toBe(true);
  });
});
