/**
 * Operating Stockroom as several production instances: one rate limit and one cache shared through the
 * machine's Redis, an outage of Redis (a private redis-server, stopped and started again, so that the other
 * suites' Redis is never disturbed), and a graceful shutdown with a request in flight.
 */
import { request as httpRequest } from "node:http";
import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD } from "../prisma/seed";
import { deleteKeys, privateRedis, uniquePrefix } from "../tests/setup/redis";
import { createApiKey, seededDatabase, startInstance, type Instance } from "./instances";

const sharedRedis = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const metricsToken = "e2e-metrics-token-0123456789";

let database: Awaited<ReturnType<typeof seededDatabase>>;
const started: Instance[] = [];

test.describe.configure({ mode: "serial", timeout: 180_000 });

test.beforeAll(async () => {
  // Hooks do not take the describe's timeout: seeding takes longer on a busy machine.
  test.setTimeout(120_000);
  database = await seededDatabase();
});

test.afterAll(async () => {
  for (const instance of started) await instance.stop("SIGKILL");
  await database?.drop();
});

async function instance(env: Record<string, string>): Promise<Instance> {
  const made = await startInstance({ DATABASE_URL: database.url, METRICS_TOKEN: metricsToken, ...env });
  started.push(made);
  return made;
}

async function json(res: Response) {
  return (await res.json()) as { data: Record<string, unknown>; errors: { code: string }[] | null };
}

/** Returns once at least `needMs` remain before the next boundary of windows of `windowMs` (epoch-aligned). */
async function clearOfWindowBoundary(windowMs: number, needMs: number) {
  const left = windowMs - (Date.now() % windowMs);
  if (left < needMs) await new Promise((resolve) => setTimeout(resolve, left + 1));
}

/** Email + password through Auth.js's endpoints, as the sign-in form posts them. */
async function passwordSignIn(origin: string, email: string, password: string) {
  const csrf = await fetch(`${origin}/api/auth/csrf`);
  const cookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${origin}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${origin}/` }),
  });
  return {
    location: res.headers.get("location") ?? "",
    signedIn: res.headers.getSetCookie().some((c) => /^(__Secure-)?authjs\.session-token=/.test(c)),
  };
}

/** Waiting for readiness: a generous bound for a busy machine; the wait ends as soon as the server is ready. */
const readiness = { timeout: 60_000 };

test.describe("two instances on one Redis", () => {
  const prefix = uniquePrefix("e2e-shared");
  let a: Instance;
  let b: Instance;

  test.beforeAll(async () => {
    // Two production servers starting side by side on a busy machine: more than a test's default budget.
    test.setTimeout(120_000);
    // A day's window (aligned to UTC midnight, like every window of the sliding-window limiter): the test
    // counts exact remainders, which a window boundary between two calls would change.
    const env = { REDIS_URL: sharedRedis, REDIS_KEY_PREFIX: prefix, RATE_LIMIT_ANONYMOUS: "6/1d" };
    [a, b] = await Promise.all([instance(env), instance(env)]);
    // Both ready (readiness includes Redis): a call made before an instance reached Redis would be let
    // through uncounted by the limit's failure rule.
    for (const server of [a, b])
      await expect.poll(async () => (await (await fetch(`${server.origin}/api/health`)).json()).status, readiness).toBe("ok");
  });
  test.afterAll(async () => {
    await deleteKeys(sharedRedis, prefix);
  });

  test("share one rate limit: six calls spread over both, the seventh refused by either", async () => {
    await clearOfWindowBoundary(86_400_000, 60_000);
    const products = await json(await fetch(`${a.origin}/api/v1/storefront/products?limit=1`));
    const id = (products.data as unknown as { id: string }[])[0]!.id;
    const remaining: string[] = [];
    for (const server of [b, a, b, a, b]) {
      const res = await fetch(`${server.origin}/api/v1/storefront/products/${id}`);
      expect(res.status).toBe(200);
      remaining.push(res.headers.get("ratelimit-remaining")!);
    }
    expect(remaining).toEqual(["4", "3", "2", "1", "0"]);
    const refused = await fetch(`${b.origin}/api/v1/storefront/products/${id}`);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await json(refused)).errors).toEqual([expect.objectContaining({ code: "RATE_LIMITED" })]);
    expect((await fetch(`${a.origin}/api/v1/storefront/products/${id}`)).status).toBe(429);
    // Each refusal is one log line on the instance that answered it, and counted in its metrics.
    expect(b.logLines()).toContainEqual(
      expect.objectContaining({ msg: "request", route: "/api/v1/storefront/products/{id}", status: 429 }),
    );
    const metrics = await (await fetch(`${b.origin}/api/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } })).text();
    expect(metrics).toMatch(/stockroom_rate_limit_rejections_total\{policy="anonymous"\} 1/);
  });

  test("share one cache: a price change through one instance is served by the other at once", async () => {
    const key = await createApiKey(database.url, ["products:read", "products:write"]);
    const auth = { authorization: `Bearer ${key}` };
    const list = await json(await fetch(`${a.origin}/api/v1/products?limit=1&sort=name`, { headers: auth }));
    const product = (list.data as unknown as { id: string; priceMinor: number }[])[0]!;
    const before = await fetch(`${a.origin}/api/v1/storefront/products/${product.id}`, { headers: auth });
    const etag = before.headers.get("etag")!;
    expect((await json(before)).data.priceMinor).toBe(product.priceMinor);
    const patched = await fetch(`${b.origin}/api/v1/products/${product.id}`, {
      method: "PATCH",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ priceMinor: product.priceMinor + 111 }),
    });
    expect(patched.status).toBe(200);
    const after = await fetch(`${a.origin}/api/v1/storefront/products/${product.id}`, { headers: { ...auth, "if-none-match": etag } });
    expect(after.status).toBe(200);
    expect((await json(after)).data.priceMinor).toBe(product.priceMinor + 111);
    const metrics = await (await fetch(`${a.origin}/api/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } })).text();
    expect(metrics).toMatch(/stockroom_cache_requests_total\{cache="product",result="miss"\} [1-9]/);
  });
});

test.describe("Redis stopped mid-test", () => {
  let redis: Awaited<ReturnType<typeof privateRedis>>;
  let server: Instance;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    redis = await privateRedis();
    server = await instance({ REDIS_URL: redis.url, REDIS_KEY_PREFIX: uniquePrefix("e2e-outage") });
  });
  test.afterAll(async () => {
    await redis?.stop();
  });

  test("the app serves on: reads from the database, sign-in refused (fails closed), health degraded; all recovers when Redis is back", async () => {
    // Ready once readiness says so (a just-started server may still be loading its routes).
    await expect
      .poll(async () => (await fetch(`${server.origin}/api/health`)).json(), readiness)
      .toEqual({ status: "ok", checks: { database: "ok", redis: "ok", redisBreaker: "closed", jobs: "ok" } });
    expect((await passwordSignIn(server.origin, "customer@stockroom.test", DEMO_PASSWORD)).signedIn).toBe(true);

    await redis.stop();
    const health = await fetch(`${server.origin}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "degraded", checks: { database: "ok", redis: "error" } });
    const catalog = await fetch(`${server.origin}/api/v1/storefront/products?limit=3`);
    expect(catalog.status).toBe(200);
    expect(((await json(catalog)).data as unknown as unknown[]).length).toBe(3);
    const refused = await passwordSignIn(server.origin, "customer@stockroom.test", DEMO_PASSWORD);
    expect(refused.signedIn).toBe(false);
    expect(refused.location).toContain("code=rate_limited");
    const metrics = await (await fetch(`${server.origin}/api/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } })).text();
    expect(metrics).toMatch(/stockroom_rate_limit_store_errors_total\{policy="signIn",outcome="refused"\} [1-9]/);
    expect(metrics).toMatch(/stockroom_rate_limit_store_errors_total\{policy="anonymous",outcome="allowed"\} [1-9]/);
    // Log lines reach the test through the server's stdout, after the answers they belong to: wait for them.
    await expect
      .poll(() => server.logLines(), readiness)
      .toContainEqual(expect.objectContaining({ level: "error", msg: "rate-limit store unavailable", policy: "signIn" }));
    // After a few failures in a row Redis is skipped (no request waits for it), said once in the log.
    expect(server.logLines().filter((l) => String(l.msg).startsWith("Redis failing: skipped"))).toHaveLength(1);
    expect(metrics).toMatch(/stockroom_redis_breaker_transitions_total\{to="open"\} 1/);

    await redis.start();
    // Readiness probes Redis once per cool-down (REDIS_BREAKER_COOLDOWN_MS, 5 s) and brings it back.
    await expect.poll(async () => (await (await fetch(`${server.origin}/api/health`)).json()).status, readiness).toBe("ok");
    await expect
      .poll(() => server.logLines(), readiness)
      .toContainEqual(expect.objectContaining({ msg: "Redis answers again: used again" }));
    expect((await passwordSignIn(server.origin, "customer@stockroom.test", DEMO_PASSWORD)).signedIn).toBe(true);
  });
});

test.describe("graceful shutdown", () => {
  test("SIGTERM: no new connections, the request in flight finishes, the pools close, exit 0", async () => {
    const server = await instance({ SHUTDOWN_TIMEOUT_MS: "20000" });
    const key = await createApiKey(database.url, ["orders:write", "products:read"]);
    const products = await json(await fetch(`${server.origin}/api/v1/storefront/products?limit=1&inStock=true`));
    const product = (products.data as unknown as { id: string }[])[0]!;

    // An order whose body arrives slowly: the request is in flight when the signal comes.
    const body = JSON.stringify({
      customerId: await seededCustomerId(server.origin, key),
      lines: [{ productId: product.id, quantity: 1 }],
    });
    const { port } = new URL(server.origin);
    let sendRest!: () => void;
    const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = httpRequest(
        {
          host: "127.0.0.1",
          port,
          method: "POST",
          path: "/api/v1/orders",
          headers: {
            authorization: `Bearer ${key}`,
            "content-type": "application/json",
            "content-length": Buffer.byteLength(body),
            "idempotency-key": `shutdown-${Date.now()}`,
          },
        },
        (res) => {
          let text = "";
          res.on("data", (c: Buffer) => (text += c.toString()));
          res.on("end", () => resolve({ status: res.statusCode!, text }));
        },
      );
      req.on("error", reject);
      req.write(body.slice(0, 10));
      sendRest = () => req.end(body.slice(10));
    });
    // The server has it (the metrics request itself is the other one in flight)...
    await expect.poll(async () => inFlight(server.origin)).toBe(2);
    const exited = server.stop("SIGTERM");
    // ...and the rest of the body arrives once the server is draining.
    await expect
      .poll(() => server.logLines().some((l) => l.msg === "shutting down: no new connections, finishing requests in flight"))
      .toBe(true);
    sendRest();
    const placed = await answer;
    expect(placed.status, placed.text).toBe(201);
    expect(await exited).toBe(0);
    // Not accepting any more.
    await expect(fetch(`${server.origin}/api/health/live`)).rejects.toThrow();
    const lines = server.logLines();
    expect(lines).toContainEqual(
      expect.objectContaining({ msg: "shutting down: no new connections, finishing requests in flight", signal: "SIGTERM", inFlight: 1 }),
    );
    expect(lines).toContainEqual(expect.objectContaining({ msg: "shutdown complete", requestsCut: 0 }));
    expect(lines.findIndex((l) => l.msg === "request" && l.route === "/api/v1/orders")).toBeLessThan(
      lines.findIndex((l) => l.msg === "shutdown complete"),
    );
  });
});

/** Requests the server is answering right now, from its metrics. */
async function inFlight(origin: string): Promise<number> {
  const text = await (await fetch(`${origin}/api/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } })).text();
  return Number(/^stockroom_http_requests_in_flight (\d+)/m.exec(text)?.[1] ?? Number.NaN);
}

/** The seeded customer's id, found through the staff's order list (the API key may read orders). */
async function seededCustomerId(origin: string, key: string): Promise<string> {
  const orders = await json(await fetch(`${origin}/api/v1/orders?limit=50`, { headers: { authorization: `Bearer ${key}` } }));
  return (orders.data as unknown as { customer: { id: string; email: string } }[]).find(
    (o) => o.customer.email === "customer@stockroom.test",
  )!.customer.id;
}
