/** REST as integrators see it: real Requests through the route handlers, the envelope, status codes, headers. */
import { describe, expect, it } from "vitest";
import { GET as openapi } from "../../src/app/api/v1/openapi.json/route";
import { GET as trpcGet } from "../../src/app/api/trpc/[trpc]/route";
import { closeDatabase, getDatabase } from "../../src/server/db";
import type { ApiKeyScope } from "../../src/server/auth/permissions";
import { apiKey, newCustomer, newProduct, unique, withEnv } from "./helpers";
import { rest } from "./rest-request";

async function keyWith(...scopes: ApiKeyScope[]) {
  return (await apiKey(scopes)).secret;
}

describe("REST /api/v1", () => {
  it("wraps success in the envelope with meta, ISO dates and the request id echoed", async () => {
    const key = await keyWith("products:read");
    const res = await rest("GET", "/products?limit=2&sort=price&order=desc", { key, headers: { "x-request-id": "erp-sync-0042" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toBe("erp-sync-0042");
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    expect(res.body).toMatchObject({
      errors: null,
      meta: { requestId: "erp-sync-0042", apiVersion: "v1", nextCursor: expect.any(String) },
    });
    expect(res.body!.data).toHaveLength(2);
    expect(res.body!.data[0].priceMinor).toBeGreaterThanOrEqual(res.body!.data[1].priceMinor);
    expect(res.body!.data[0].updatedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const next = await rest("GET", `/products?limit=2&sort=price&order=desc&cursor=${res.body!.meta.nextCursor}`, { key });
    expect(next.body!.data[0].id).not.toBe(res.body!.data[0].id);
  });

  it("parses query booleans and numbers strictly", async () => {
    const key = await keyWith("products:read");
    const archivedFalse = await rest("GET", "/products?status=archived&lowStock=false&limit=100", { key });
    const lowTrue = await rest("GET", "/products?lowStock=true&limit=100", { key });
    expect(archivedFalse.body!.data.every((p: { active: boolean }) => !p.active)).toBe(true);
    expect(lowTrue.body!.data.every((p: { lowStock: boolean }) => p.lowStock)).toBe(true);
    expect(archivedFalse.body!.data.some((p: { lowStock: boolean }) => !p.lowStock)).toBe(true);
    const bad = await rest("GET", "/products?lowStock=yes&limit=ten", { key });
    expect(bad.status).toBe(400);
    expect(bad.body!.errors.map((e: { field: string }) => e.field).sort()).toEqual(["limit", "lowStock"]);
  });

  it("creates with 201 and Location, edits with PATCH, archives with 204", async () => {
    const key = await keyWith("products:write");
    const sku = unique("rest");
    const created = await rest("POST", "/products", { key, body: { sku, name: "REST Lamp", priceMinor: 4500, currency: "EUR" } });
    expect(created.status).toBe(201);
    const id = created.body!.data.id as string;
    expect(created.headers.get("location")).toBe(`/api/v1/products/${id}`);
    const patched = await rest("PATCH", `/products/${id}`, { key, body: { priceMinor: 4900 } });
    expect(patched).toMatchObject({ status: 200, body: { data: { id, priceMinor: 4900 } } });
    const archived = await rest("DELETE", `/products/${id}`, { key });
    expect(archived.status).toBe(204);
    expect(archived.body).toBeNull();
    expect((await rest("GET", `/products/${id}`, { key })).body!.data.active).toBe(false);
  });

  it("answers errors in the envelope with stable codes and fields, never a 500 for bad input", async () => {
    const key = await keyWith("products:write");
    const taken = await newProduct();
    const cases = [
      [await rest("POST", "/products", { key, body: { sku: taken.sku, name: "Dup", priceMinor: 1 } }), 409, "SKU_TAKEN", "sku"],
      [await rest("POST", "/products", { key, body: { sku: "OK-1", name: "X", priceMinor: 1.5 } }), 400, "INVALID_INPUT", "priceMinor"],
      [await rest("POST", "/products", { key, body: "{not json" }), 400, "INVALID_JSON", undefined],
      [await rest("POST", "/products", { key, body: "[1]" }), 400, "INVALID_BODY", undefined],
      [
        await rest("POST", "/products", { key, body: "sku=x", headers: { "content-type": "text/plain" } }),
        415,
        "UNSUPPORTED_MEDIA_TYPE",
        undefined,
      ],
      [await rest("GET", "/products/nope", { key }), 404, "PRODUCT_NOT_FOUND", "id"],
      [await rest("GET", "/products"), 401, "AUTHENTICATION_REQUIRED", undefined],
      [await rest("GET", "/products", { key: `sk_live_${"x".repeat(43)}` }), 401, "INVALID_API_KEY", undefined],
      [await rest("GET", "/products", { key: "sk_live_short" }), 401, "MALFORMED_AUTHORIZATION", undefined],
      [await rest("GET", "/orders", { key }), 403, "PERMISSION_DENIED", undefined],
      [await rest("GET", "/nothing-here", { key }), 404, "ROUTE_NOT_FOUND", undefined],
      [await rest("PATCH", "/products", { key, body: {} }), 405, "METHOD_NOT_ALLOWED", undefined],
    ] as const;
    for (const [res, status, code, field] of cases) {
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      expect(res.body).toMatchObject({ data: null, meta: { requestId: expect.any(String), apiVersion: "v1" } });
      expect(res.body!.errors[0].code).toBe(code);
      if (field) expect(res.body!.errors[0].field).toBe(field);
      expect(res.body!.errors[0].message).toEqual(expect.any(String));
    }
  });

  it("ignores session cookies: REST takes API keys only", async () => {
    const res = await rest("GET", "/me", { headers: { cookie: "authjs.session-token=whatever" } });
    expect(res.status).toBe(401);
    const key = await apiKey(["orders:read", "products:read"], "ERP sync");
    expect((await rest("GET", "/me", { key: key.secret })).body!.data).toMatchObject({
      type: "apiKey",
      name: "ERP sync",
      scopes: ["orders:read", "products:read"],
    });
  });

  it("places an order with Idempotency-Key: 201, then 200 with the same order on replay; stock taken once", async () => {
    const key = await keyWith("orders:write");
    const product = await newProduct({ stock: 5 });
    const { user } = await newCustomer();
    const body = { customerId: user.id, lines: [{ productId: product.id, quantity: 2 }] };
    const idem = unique("idem");
    const first = await rest("POST", "/orders", { key, body, headers: { "idempotency-key": idem } });
    expect(first.status).toBe(201);
    expect(first.headers.get("location")).toBe(`/api/v1/orders/${first.body!.data.id}`);
    const replay = await rest("POST", "/orders", { key, body, headers: { "idempotency-key": idem } });
    expect(replay).toMatchObject({ status: 200, body: { data: { id: first.body!.data.id, replayed: true } } });
    const conflict = await rest("POST", "/orders", {
      key,
      body: { ...body, lines: [{ productId: product.id, quantity: 1 }] },
      headers: { "idempotency-key": idem },
    });
    expect(conflict.status).toBe(409);
    expect(conflict.body!.errors[0]).toMatchObject({ code: "IDEMPOTENCY_KEY_REUSED", field: "idempotencyKey" });
    const { stock } = await getDatabase().db.product.findUniqueOrThrow({ where: { id: product.id } });
    expect(stock).toBe(3);
    const outOfStock = await rest("POST", "/orders", {
      key,
      body: { ...body, lines: [{ productId: product.id, quantity: 9 }] },
      headers: { "idempotency-key": unique("idem") },
    });
    expect(outOfStock.status).toBe(409);
    expect(outOfStock.body!.errors[0]).toMatchObject({ code: "OUT_OF_STOCK", field: "lines.0.quantity" });
    expect(outOfStock.body!.errors[0].message).toContain(product.name);
  });

  it("takes the key from the body too; a header and a body that disagree are 400 IDEMPOTENCY_KEY_MISMATCH and place nothing", async () => {
    const key = await keyWith("orders:write");
    const product = await newProduct({ stock: 5 });
    const { user } = await newCustomer();
    const lines = [{ productId: product.id, quantity: 1 }];
    const mismatch = await rest("POST", "/orders", {
      key,
      body: { customerId: user.id, lines, idempotencyKey: unique("body") },
      headers: { "idempotency-key": unique("header") },
    });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body!.errors[0]).toMatchObject({ code: "IDEMPOTENCY_KEY_MISMATCH", field: "idempotencyKey" });
    const { db } = getDatabase();
    expect(await db.order.count({ where: { customerId: user.id } })).toBe(0);
    expect((await db.product.findUniqueOrThrow({ where: { id: product.id } })).stock).toBe(5);
    // The same key in both places is one key: placed once, then replayed.
    const same = unique("both");
    const placed = await rest("POST", "/orders", {
      key,
      body: { customerId: user.id, lines, idempotencyKey: same },
      headers: { "idempotency-key": same },
    });
    expect(placed.status).toBe(201);
    const bodyOnly = await rest("POST", "/orders", { key, body: { customerId: user.id, lines, idempotencyKey: same } });
    expect(bodyOnly).toMatchObject({ status: 200, body: { data: { id: placed.body!.data.id, replayed: true } } });
  });

  it("moves orders with POST /orders/{id}/transitions; an illegal one is 409 with the current status", async () => {
    const key = await keyWith("orders:write");
    const product = await newProduct({ stock: 5 });
    const { caller } = await newCustomer();
    const order = await caller.order.create({ idempotencyKey: unique("k"), lines: [{ productId: product.id, quantity: 1 }] });
    expect((await rest("POST", `/orders/${order.id}/transitions`, { key, body: { to: "PAID" } })).body!.data.status).toBe("PAID");
    const illegal = await rest("POST", `/orders/${order.id}/transitions`, { key, body: { to: "DELIVERED" } });
    expect(illegal.status).toBe(409);
    expect(illegal.body!.errors[0]).toMatchObject({ code: "ILLEGAL_TRANSITION", field: "to" });
  });

  it("polls changed orders with a cursor that is always returned", async () => {
    const key = await keyWith("orders:read");
    const all: string[] = [];
    let cursor = "";
    for (let i = 0; i < 20; i++) {
      const page = await rest("GET", `/orders/changes?limit=50${cursor ? `&cursor=${cursor}` : ""}`, { key });
      expect(page.status).toBe(200);
      all.push(...page.body!.data.map((o: { id: string }) => o.id));
      expect(page.body!.meta.nextCursor).toEqual(expect.any(String));
      if (page.body!.data.length === 0) break;
      cursor = page.body!.meta.nextCursor;
    }
    expect(all.length).toBeGreaterThanOrEqual(3);
    expect(new Set(all).size).toBe(all.length);
    // Nothing new since: the same cursor comes back.
    const again = await rest("GET", `/orders/changes?cursor=${cursor}`, { key });
    expect(again.body).toMatchObject({ data: [], meta: { nextCursor: cursor } });
  });

  it("answers CORS preflights only for configured origins", async () => {
    await withEnv({ API_CORS_ORIGINS: "https://erp.example.com" }, async () => {
      const allowed = await rest("OPTIONS", "/orders", {
        headers: { origin: "https://erp.example.com", "access-control-request-method": "POST" },
      });
      expect(allowed.status).toBe(204);
      expect(allowed.headers.get("access-control-allow-origin")).toBe("https://erp.example.com");
      expect(allowed.headers.get("access-control-allow-headers")).toContain("idempotency-key");
      const other = await rest("OPTIONS", "/orders", { headers: { origin: "https://evil.example.com" } });
      expect(other.headers.get("access-control-allow-origin")).toBeNull();
    });
  });

  it("serves the storefront publicly with an ETag: 304 while unchanged, a new tag after a price change", async () => {
    const product = await newProduct({ stock: 3, priceMinor: 1100 });
    const first = await rest("GET", `/storefront/products/${product.id}`);
    expect(first.status).toBe(200);
    expect(first.body!.data).toMatchObject({ id: product.id, priceMinor: 1100, stock: 3 });
    expect(first.headers.get("cache-control")).toBe("public, no-cache");
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^W\/".+"$/);
    // Same data, another request id and time: the same tag, and no body when the client has it.
    const again = await rest("GET", `/storefront/products/${product.id}`, { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
    expect(again.body).toBeNull();
    expect(again.headers.get("etag")).toBe(etag);
    expect(
      (await rest("GET", `/storefront/products/${product.id}`, { headers: { "if-none-match": `"other", ${etag.slice(2)}` } })).status,
    ).toBe(304);
    // A price change (through REST, by an integrator) makes it a 200 with the new price and a new tag.
    await rest("PATCH", `/products/${product.id}`, { key: await keyWith("products:write"), body: { priceMinor: 1300 } });
    const changed = await rest("GET", `/storefront/products/${product.id}`, { headers: { "if-none-match": etag } });
    expect(changed.status).toBe(200);
    expect(changed.body!.data.priceMinor).toBe(1300);
    expect(changed.headers.get("etag")).not.toBe(etag);
    // Lists too; private data never gets a tag and is never stored.
    const list = await rest("GET", "/storefront/products?limit=2");
    expect(list.headers.get("etag")).toMatch(/^W\//);
    expect((await rest("GET", "/storefront/products?limit=2", { headers: { "if-none-match": list.headers.get("etag")! } })).status).toBe(
      304,
    );
    const privateList = await rest("GET", "/products?limit=2", { key: await keyWith("products:read") });
    expect(privateList.headers.get("etag")).toBeNull();
    expect(privateList.headers.get("cache-control")).toBe("private, no-store");
  });

  it("serves an OpenAPI 3.1 document that lists each operation with its scopes and the envelope", async () => {
    const doc = (await openapi().json()) as {
      openapi: string;
      paths: Record<string, Record<string, { "x-required-scopes": string[]; responses: Record<string, unknown> }>>;
    };
    expect(doc.openapi).toMatch(/^3\.1/);
    expect(doc.paths["/orders"]!.post!["x-required-scopes"]).toEqual(["orders:write"]);
    expect(Object.keys(doc.paths["/orders"]!.post!.responses)).toEqual(expect.arrayContaining(["201", "200", "409", "422", "429"]));
    expect(Object.keys(doc.paths["/products/{id}"]!.delete!.responses)).toContain("204");
    // Web-only procedures stay off REST.
    expect(Object.keys(doc.paths).some((p) => p.includes("cart"))).toBe(false);
    // The audit trail is open to keys with audit:read.
    expect(doc.paths["/audit-events"]!.get!["x-required-scopes"]).toEqual(["audit:read"]);
    // Each operation lists its rate limits; placing an order has one of its own.
    const placing = doc.paths["/orders"]!.post! as unknown as {
      "x-rate-limits": { policy: string; limit: number; windowSeconds: number }[];
      description: string;
    };
    expect(placing["x-rate-limits"]).toEqual([
      expect.objectContaining({ policy: "apiKey", limit: 600, windowSeconds: 60 }),
      expect.objectContaining({ policy: "checkout", limit: 10, windowSeconds: 60 }),
    ]);
    expect(placing.description).toContain("Rate limits: 600 per minute");
    // The public storefront: no key needed, ETag and 304 documented.
    const storefront = doc.paths["/storefront/products/{id}"]!.get! as unknown as {
      security: unknown[];
      responses: Record<string, { headers?: Record<string, unknown> }>;
    };
    expect(storefront.security).toEqual([]);
    expect(Object.keys(storefront.responses)).toContain("304");
    expect(Object.keys(storefront.responses["200"]!.headers!)).toEqual(
      expect.arrayContaining(["ETag", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"]),
    );
  });

  it("is 503 with Retry-After when the database is unreachable, on REST and on tRPC", async () => {
    const key = await keyWith("products:read");
    await closeDatabase();
    await withEnv({ DATABASE_URL: "postgresql://stockroom@127.0.0.1:1/unreachable" }, async () => {
      const res = await rest("GET", "/products", { key });
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBe("5");
      expect(res.body!.errors[0].code).toBe("DEPENDENCY_UNAVAILABLE");
      // A search no one made before: not in the cache, so the database is asked.
      const trpc = await trpcGet(
        new Request(
          `http://stockroom.test/api/trpc/storefront.list?input=${encodeURIComponent(JSON.stringify({ json: { search: "db-down" } }))}`,
        ),
      );
      expect(trpc.status).toBe(503);
      expect(((await trpc.json()) as { error: { json: { data: { reason: string } } } }).error.json.data.reason).toBe(
        "DEPENDENCY_UNAVAILABLE",
      );
      await closeDatabase();
    });
  });

  it("keeps the web app's tRPC endpoint closed to other origins", async () => {
    const res = await trpcGet(
      new Request("http://stockroom.test/api/trpc/storefront.list", { headers: { origin: "https://erp.example.com" } }),
    );
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
  });
});
