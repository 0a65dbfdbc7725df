/**
 * The route handlers as HTTP sees them: real Request objects in, real Responses out
 * (status codes, headers, the superjson wire format the web app's client uses).
 */
import { afterEach, describe, expect, it } from "vitest";
import { GET as live } from "../../src/app/api/health/live/route";
import { GET as health } from "../../src/app/api/health/route";
import { GET as trpcGet, POST as trpcPost } from "../../src/app/api/trpc/[trpc]/route";
import { resetServerConfig } from "../../src/server/config";
import { closeDatabase, getDatabase } from "../../src/server/db";

const base = "http://stockroom.test/api/trpc";

function trpcUrl(path: string, input: unknown) {
  return `${base}/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
}

const healthRequest = new Request("http://stockroom.test/api/health");

describe("GET /api/health", () => {
  let saved: string | undefined;

  afterEach(async () => {
    if (saved !== undefined) {
      await closeDatabase();
      process.env.DATABASE_URL = saved;
      resetServerConfig();
      saved = undefined;
    }
  });

  it("is 200 with every check ok after a real query", async () => {
    const res = await health(healthRequest);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.json()).toEqual({ status: "ok", checks: { database: "ok", jobs: "ok" } });
  });

  it("is degraded (still 200) with the oldest job's wait once a job waits longer than JOB_LATE_AFTER_SECONDS", async () => {
    const db = getDatabase().db;
    await db.$executeRaw`SELECT pgboss.create_queue('health-late', '{"policy": "standard"}'::json)`;
    await db.$executeRaw`INSERT INTO pgboss.job (name, data, start_after) VALUES ('health-late', '{}', now() - interval '10 minutes')`;
    try {
      const res = await health(healthRequest);
      expect(res.status).toBe(200);
      const report = (await res.json()) as { status: string; checks: { jobs: { oldestWaitingSeconds: number } } };
      expect(report.status).toBe("degraded");
      expect(report.checks.jobs.oldestWaitingSeconds).toBeGreaterThanOrEqual(600);
    } finally {
      await db.$executeRaw`DELETE FROM pgboss.job WHERE name = 'health-late'`;
    }
    expect(await (await health(healthRequest)).json()).toMatchObject({ status: "ok", checks: { jobs: "ok" } });
  });

  it("is 503 with database=error when the database cannot be reached", async () => {
    saved = process.env.DATABASE_URL;
    await closeDatabase();
    process.env.DATABASE_URL = "postgresql://stockroom@127.0.0.1:1/unreachable";
    resetServerConfig();
    const res = await health(healthRequest);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: "error", checks: { database: "error", jobs: "error" } });
    // Liveness does not depend on the database: the process is fine, only its dependency is not.
    const alive = live();
    expect(alive.status).toBe(200);
    expect(await alive.json()).toEqual({ status: "ok" });
  });
});

describe("/api/trpc", () => {
  it("serves storefront.list over GET in superjson", async () => {
    const res = await trpcGet(new Request(trpcUrl("storefront.list", { limit: 3 })));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    const body = await res.json();
    expect(body.result.data.json.items).toHaveLength(3);
    expect(body.result.data.meta.values["items.0.updatedAt"]).toEqual(["Date"]);
  });

  it("answers bad input with 400, a stable code and each offending field", async () => {
    const res = await trpcGet(new Request(trpcUrl("storefront.list", { limit: 500, cursor: "@@@" })));
    expect(res.status).toBe(400);
    const body = await res.json();
    const data = body.error.json.data;
    expect(data.code).toBe("BAD_REQUEST");
    expect(data.httpStatus).toBe(400);
    expect(data.fieldErrors.map((f: { path: string }) => f.path).sort()).toEqual(["cursor", "limit"]);
    expect(data.fieldErrors.find((f: { path: string }) => f.path === "limit").code).toBe("too_big");
  });

  it("answers an unknown product with 404 NOT_FOUND", async () => {
    const res = await trpcGet(new Request(trpcUrl("storefront.byId", { id: "nope" })));
    expect(res.status).toBe(404);
    expect((await res.json()).error.json.data.code).toBe("NOT_FOUND");
  });

  it("answers malformed JSON input with 400, not 500", async () => {
    const res = await trpcGet(new Request(`${base}/storefront.list?input=%7Bnot-json`));
    expect(res.status).toBe(400);
  });

  it("answers an unknown procedure with 404", async () => {
    const res = await trpcGet(new Request(trpcUrl("product.nothing", {})));
    expect(res.status).toBe(404);
  });

  it("refuses a query sent as a mutation (POST) with 405", async () => {
    const res = await trpcPost(
      new Request(`${base}/storefront.list`, {
        method: "POST",
        body: JSON.stringify({ json: {} }),
        headers: { "content-type": "application/json" },
      }),
    );
    expect(res.status).toBe(405);
  });

  it("batches several calls in one request, as the web client does", async () => {
    const input = encodeURIComponent(JSON.stringify({ 0: { json: { limit: 1 } }, 1: { json: { id: "nope" } } }));
    const res = await trpcGet(new Request(`${base}/storefront.list,storefront.byId?batch=1&input=${input}`));
    const body = await res.json();
    expect(body).toHaveLength(2);
    expect(body[0].result.data.json.items).toHaveLength(1);
    expect(body[1].error.json.data.code).toBe("NOT_FOUND");
  });

  it("echoes a safe X-Request-Id and replaces an unsafe one", async () => {
    const given = await trpcGet(new Request(trpcUrl("storefront.list", {}), { headers: { "x-request-id": "abc-123" } }));
    expect(given.headers.get("x-request-id")).toBe("abc-123");
    const unsafe = await trpcGet(
      new Request(trpcUrl("storefront.list", {}), { headers: { "x-request-id": "<script>alert(1)</script> and spaces" } }),
    );
    expect(unsafe.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});
