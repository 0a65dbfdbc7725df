/**
 * The API fast path (`npm start`, decision 022) answers as Next.js's own routing does. Two instances of
 * the same build on one database: one as `npm start` runs it, one with API_FAST_PATH=off (the API routed
 * by Next.js, as `next start` or a serverless host serves it). Every request below goes to both; status,
 * the headers a client or a browser acts on, and the body must agree. The shared server of the other
 * suites is the fast path too, so every other e2e test also runs through it.
 */
import { request as httpRequest } from "node:http";
import { expect, test } from "@playwright/test";
import { createApiKey, seededDatabase, startInstance, type Instance } from "./instances";

const metricsToken = "parity-metrics-token-0123456789";

/** Headers whose values must be equal (absent on both counts as equal). */
const comparedHeaders = [
  "content-type",
  "cache-control",
  "content-security-policy",
  "x-content-type-options",
  "referrer-policy",
  "x-frame-options",
  "permissions-policy",
  "cross-origin-opener-policy",
  "strict-transport-security",
  "allow",
  "www-authenticate",
  "retry-after",
  "location",
  "ratelimit-limit",
  "ratelimit-policy",
  "access-control-allow-origin",
  "access-control-allow-methods",
  "access-control-allow-headers",
  "access-control-expose-headers",
  "access-control-max-age",
  "vary",
  "x-accel-buffering",
];

/** The API's security headers: every API answer carries them on both paths (next.config.js is their source). */
const apiSecurityHeaders = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "strict-origin-when-cross-origin",
  "x-frame-options": "DENY",
  "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
  "cross-origin-opener-policy": "same-origin",
};

interface Probe {
  name: string;
  /** What the answer is (both must give it). */
  status: number;
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** How the bodies are compared: exactly (default), as JSON with volatile values masked, or not at all. */
  body_compare?: "exact" | "json" | "none";
}

function probes(apiKey: string): Probe[] {
  const trpcInput = (input: unknown) => encodeURIComponent(JSON.stringify({ 0: { json: input } }));
  const key = { authorization: `Bearer ${apiKey}` };
  return [
    { name: "readiness", status: 200, path: "/api/health" },
    { name: "liveness", status: 200, path: "/api/health/live" },
    { name: "readiness, HEAD", status: 200, method: "HEAD", path: "/api/health" },
    { name: "readiness, OPTIONS (Allow)", status: 204, method: "OPTIONS", path: "/api/health" },
    { name: "readiness, DELETE (405)", status: 405, method: "DELETE", path: "/api/health", body_compare: "none" },
    { name: "metrics without a token", status: 401, path: "/api/metrics" },
    { name: "metrics, address claimed in X-Forwarded-For", status: 401, path: "/api/metrics", headers: { "x-forwarded-for": "10.9.9.9" } },
    {
      name: "metrics with the token",
      status: 200,
      path: "/api/metrics",
      headers: { authorization: `Bearer ${metricsToken}` },
      body_compare: "none",
    },
    {
      name: "tRPC batch query",
      status: 200,
      path: `/api/trpc/storefront.list?batch=1&input=${trpcInput({ limit: 3 })}`,
      body_compare: "json",
    },
    {
      name: "tRPC bad input (400 + field)",
      status: 400,
      path: `/api/trpc/storefront.list?batch=1&input=${trpcInput({ limit: -1 })}`,
      body_compare: "json",
    },
    { name: "tRPC unknown procedure", status: 404, path: "/api/trpc/nope.nothing", body_compare: "json" },
    {
      name: "tRPC mutation from another site",
      status: 403,
      method: "POST",
      path: "/api/trpc/cart.add",
      headers: { origin: "https://evil.example", "content-type": "application/json" },
      body: JSON.stringify({ json: { productId: "x", quantity: 1 } }),
      body_compare: "json",
    },
    {
      name: "tRPC procedure needing a session",
      status: 401,
      path: `/api/trpc/order.list?batch=1&input=${trpcInput({ limit: 1 })}`,
      body_compare: "json",
    },
    { name: "REST catalog", status: 200, path: "/api/v1/storefront/products?limit=2", body_compare: "json" },
    { name: "REST without a key", status: 401, path: "/api/v1/orders", body_compare: "json" },
    { name: "REST with a key", status: 200, path: "/api/v1/orders?limit=2", headers: key, body_compare: "json" },
    {
      name: "REST with the request id given",
      status: 200,
      path: "/api/v1/storefront/products?limit=1",
      headers: { "x-request-id": "parity-req-1" },
      body_compare: "json",
    },
    {
      name: "REST bad body (field errors)",
      status: 400,
      method: "POST",
      path: "/api/v1/orders",
      headers: { ...key, "content-type": "application/json", "idempotency-key": "parity-bad-body" },
      body: JSON.stringify({ lines: [{ productId: "", quantity: 0 }] }),
      body_compare: "json",
    },
    {
      name: "REST body declared over the limit",
      status: 413,
      method: "POST",
      path: "/api/v1/orders",
      headers: { ...key, "content-type": "application/json", "content-length": "99999999" },
      body: "",
      body_compare: "json",
    },
    { name: "REST unknown path", status: 404, path: "/api/v1/no-such-thing", headers: key, body_compare: "json" },
    { name: "REST wrong method", status: 405, method: "DELETE", path: "/api/v1/storefront/products", headers: key, body_compare: "json" },
    {
      name: "REST CORS preflight from an allowed origin",
      status: 204,
      method: "OPTIONS",
      path: "/api/v1/orders",
      headers: { origin: "https://erp.example", "access-control-request-method": "POST" },
      body_compare: "none",
    },
    {
      name: "REST from an allowed origin",
      status: 200,
      path: "/api/v1/storefront/products?limit=1",
      headers: { origin: "https://erp.example" },
      body_compare: "json",
    },
    { name: "OpenAPI document", status: 200, path: "/api/v1/openapi.json" },
    { name: "API docs page", status: 200, path: "/api/docs" },
    { name: "API docs asset", status: 200, path: "/api/docs/assets/init.js" },
    { name: "API docs missing asset", status: 404, path: "/api/docs/assets/nope.js" },
    { name: "Auth.js CSRF token", status: 200, path: "/api/auth/csrf", body_compare: "none" },
    { name: "Auth.js session (none)", status: 200, path: "/api/auth/session" },
    { name: "Auth.js providers", status: 200, path: "/api/auth/providers" },
    { name: "not an API route", status: 404, path: "/api/no-such-thing", body_compare: "none" },
    { name: "a path that is not UTF-8", status: 400, path: "/api/v1/%ff", body_compare: "json" },
  ];
}

interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

/** node:http rather than fetch: a probe may send what fetch refuses to (a Content-Length it does not keep to). */
function send(origin: string, probe: Probe): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${origin}${probe.path}`, { method: probe.method ?? "GET", headers: probe.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const headers = new Headers();
        for (let i = 0; i < res.rawHeaders.length; i += 2) headers.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
        resolve({ status: res.statusCode!, headers, text: Buffer.concat(chunks).toString() });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(probe.body);
  });
}

/**
 * Next.js adds `Vary: rsc, next-router-…` to everything it routes, for its own pages' payloads; a route
 * handler's answer does not depend on those headers, and the fast path leaves them out. Each instance's
 * own origin (Auth.js's URLs) is written as <origin>.
 */
function headerValue(answer: Answer, name: string): string | null {
  const value = answer.headers.get(name);
  if (name !== "vary" || value === null) return value;
  const kept = value
    .split(",")
    .map((v) => v.trim())
    .filter((v) => !/^(rsc|next-router-[\w-]+)$/i.test(v));
  return kept.length ? kept.join(", ") : null;
}

const origins = /http:\/\/(localhost|127\.0\.0\.1):\d+/g;

/** Request ids, times and generated ids differ between two answers to the same question. */
function masked(text: string): unknown {
  const mask = (value: unknown, key?: string): unknown => {
    if (Array.isArray(value)) return value.map((v) => mask(v));
    if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mask(v, k)]));
    if (typeof value === "string" && (key === "requestId" || key === "timestamp" || key === "csrfToken")) return "<volatile>";
    return value;
  };
  return mask(JSON.parse(text));
}

test.describe("the API fast path answers as Next.js routing does", () => {
  test.describe.configure({ timeout: 240_000 });
  let database: Awaited<ReturnType<typeof seededDatabase>>;
  let fast: Instance;
  let routed: Instance;
  let apiKey: string;

  test.beforeAll(async () => {
    test.setTimeout(240_000);
    database = await seededDatabase();
    apiKey = await createApiKey(database.url, ["orders:read", "orders:write", "products:read"]);
    const env = {
      DATABASE_URL: database.url,
      WORKER_MODE: "web",
      METRICS_TOKEN: metricsToken,
      METRICS_ALLOW_FROM: "10.9.9.9",
      API_CORS_ORIGINS: "https://erp.example",
    };
    [fast, routed] = await Promise.all([startInstance(env), startInstance({ ...env, API_FAST_PATH: "off" })]);
  });

  test.afterAll(async () => {
    await Promise.all([fast?.stop(), routed?.stop()]);
    await database?.drop();
  });

  test("every probe gets the same status, headers and body from both", async () => {
    const differences: string[] = [];
    for (const probe of probes(apiKey)) {
      const a = await send(fast.origin, probe);
      if (a.status !== probe.status) differences.push(`${probe.name}: the fast path answered ${a.status}, expected ${probe.status}`);
      const b = await send(routed.origin, probe);
      const [textA, textB] = [a.text.replace(origins, "<origin>"), b.text.replace(origins, "<origin>")];
      if (a.status !== b.status) differences.push(`${probe.name}: status ${a.status} (fast path) vs ${b.status} (Next.js)`);
      for (const name of comparedHeaders) {
        if (headerValue(a, name) !== headerValue(b, name))
          differences.push(`${probe.name}: ${name} ${JSON.stringify(a.headers.get(name))} vs ${JSON.stringify(b.headers.get(name))}`);
      }
      if ((a.headers.get("x-request-id") === null) !== (b.headers.get("x-request-id") === null))
        differences.push(`${probe.name}: x-request-id on one side only`);
      if ((a.headers.get("ratelimit-remaining") === null) !== (b.headers.get("ratelimit-remaining") === null))
        differences.push(`${probe.name}: rate-limit headers on one side only`);
      const cookieNames = (r: Answer) =>
        r.headers
          .getSetCookie()
          .map((c) => c.split("=")[0])
          .sort()
          .join(",");
      if (cookieNames(a) !== cookieNames(b)) differences.push(`${probe.name}: cookies ${cookieNames(a)} vs ${cookieNames(b)}`);
      const compare = probe.body_compare ?? "exact";
      if (compare === "exact" && textA !== textB)
        differences.push(`${probe.name}: bodies differ:\n${textA.slice(0, 300)}\n---\n${textB.slice(0, 300)}`);
      if (compare === "json" && JSON.stringify(masked(textA)) !== JSON.stringify(masked(textB)))
        differences.push(`${probe.name}: bodies differ:\n${textA.slice(0, 300)}\n---\n${textB.slice(0, 300)}`);
      if (probe.path.startsWith("/api/") && !probe.path.startsWith("/api/docs"))
        for (const [name, value] of Object.entries(apiSecurityHeaders))
          if (a.headers.get(name) !== value) differences.push(`${probe.name}: the fast path's ${name} is ${a.headers.get(name)}`);
    }
    expect(differences).toEqual([]);
  });

  test("the fast path answered the API itself, and Next.js the rest", async () => {
    // Next.js marks what it routes with its Vary header: the fast path's API answers do not carry it (so
    // the comparison above compared two different paths), Next.js routing's do; a page still comes from Next.js.
    expect((await fetch(`${fast.origin}/api/health`)).headers.get("vary")).toBeNull();
    expect((await fetch(`${routed.origin}/api/health`)).headers.get("vary")).toContain("rsc");
    const page = await fetch(`${fast.origin}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toMatch(/'nonce-/);
  });
});
