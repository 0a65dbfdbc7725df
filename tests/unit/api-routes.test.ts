/**
 * The fast path's route table is derived from src/app/api (scripts/lib/api-routes.ts) and its headers from
 * next.config.js (scripts/lib/config-headers.ts): they pick what Next.js picks.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findApiRoutes, matchApiRoute, methodHandler } from "../../scripts/lib/api-routes";
import { headersFromRules, loadConfigHeaders } from "../../scripts/lib/config-headers";

const appDir = path.resolve(import.meta.dirname, "../../src/app");
const routes = findApiRoutes(appDir);
const match = (pathname: string) => matchApiRoute(routes, pathname);

describe("the API route table", () => {
  it("has every route handler file under src/app/api, and no benchmark-only route", () => {
    expect(routes.map((r) => r.pattern).sort()).toEqual([
      "/api/auth/[...nextauth]",
      "/api/docs",
      "/api/docs/assets/[file]",
      "/api/health",
      "/api/health/live",
      "/api/images/[name]",
      "/api/metrics",
      "/api/trpc/[trpc]",
      "/api/v1/[...path]",
      "/api/v1/openapi.json",
    ]);
  });

  it("prefers a static segment to a catch-all, as Next.js does, and passes params", () => {
    expect(match("/api/v1/openapi.json")?.route.pattern).toBe("/api/v1/openapi.json");
    expect(match("/api/v1/orders/abc")).toMatchObject({ route: { pattern: "/api/v1/[...path]" }, params: { path: ["orders", "abc"] } });
    expect(match("/api/trpc/storefront.list,storefront.byId")).toMatchObject({ params: { trpc: "storefront.list,storefront.byId" } });
    expect(match("/api/docs/assets/init.js")).toMatchObject({ route: { pattern: "/api/docs/assets/[file]" }, params: { file: "init.js" } });
    expect(match("/api/health/")?.route.pattern).toBe("/api/health");
    expect(match("/api/auth/callback/credentials")?.params).toEqual({ nextauth: ["callback", "credentials"] });
  });

  it("leaves to Next.js what no route handler answers", () => {
    for (const p of [
      "/api",
      "/api/v1",
      "/api/nothing",
      "/api/health/live/more",
      "/api/trpc",
      "/api/docs/assets",
      "/api/bench/floor/x",
      "/api/%ff",
    ])
      expect(match(p), p).toBeNull();
  });

  it("completes methods as Next.js's route modules do: HEAD runs GET, OPTIONS lists what is there, the rest is 405", async () => {
    const GET = () => new Response("ok");
    const options = await methodHandler({ GET, POST: GET }, "OPTIONS")(new Request("http://x/"), { params: Promise.resolve({}) });
    expect(options.status).toBe(204);
    expect(options.headers.get("allow")).toBe("GET, HEAD, OPTIONS, POST");
    expect(methodHandler({ GET }, "HEAD")).toBe(GET);
    expect((await methodHandler({ GET }, "DELETE")(new Request("http://x/"), { params: Promise.resolve({}) })).status).toBe(405);
  });
});

describe("next.config.js's headers on the fast path", () => {
  it("gives API routes the API policy and the docs their own, as the config's rules say", async () => {
    const headersFor = await loadConfigHeaders(path.resolve(import.meta.dirname, "../../next.config.js"));
    expect(headersFor("/api/health")).toMatchObject({
      "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
      "x-frame-options": "DENY",
      "x-content-type-options": "nosniff",
    });
    expect(headersFor("/api/docs")["content-security-policy"]).toMatch(/^default-src 'self'/);
    expect(headersFor("/api/docs/assets/init.js")["content-security-policy"]).toMatch(/^default-src 'self'/);
    expect(headersFor("/api/docsx")["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
  });

  it("refuses a rule it cannot apply as Next.js would, instead of applying it differently", () => {
    expect(() => headersFromRules([{ source: "/api/(.*)", headers: [] }])).toThrow(/cannot match/);
    expect(() => headersFromRules([{ source: "/api/:path*", has: [{ type: "header", key: "x" }], headers: [] }])).toThrow(/has\/missing/);
  });
});
