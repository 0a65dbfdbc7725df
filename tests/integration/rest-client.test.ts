/**
 * An integrator's whole job over real HTTP with a client generated from the served OpenAPI document
 * (openapi-typescript types from `npm run api:types`, openapi-fetch): products, stock, an idempotent
 * order and its replay, polling changes, shipping it, and reading the audit trail it left; then registering a
 * webhook endpoint and receiving an order event typed by the document's `webhooks` section.
 */
import createClient from "openapi-fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { paths, webhooks } from "../generated/stockroom-api";
import { apiKey, newCustomer, newProduct, unique } from "./helpers";
import { getServerConfig, resetServerConfig } from "../../src/server/config";
import { getDatabase } from "../../src/server/db";
import { startJobRunner } from "../../src/server/jobs/runner";
import { silentLogger } from "../../src/server/logger";
import { getMetrics } from "../../src/server/observability/metrics";
import { startReceiver, verified } from "./webhook-receiver";
import { startRestServer } from "./rest-server";

describe("an integrator's journey through the typed client", () => {
  let server: Awaited<ReturnType<typeof startRestServer>>;
  beforeAll(async () => {
    process.env.ORDER_CHANGES_SETTLE_MS = "0";
    resetServerConfig();
    server = await startRestServer();
  });
  afterAll(async () => {
    delete process.env.ORDER_CHANGES_SETTLE_MS;
    resetServerConfig();
    await server.close();
  });

  it("creates products, adjusts stock, places and replays an order, polls, ships it, reads the audit trail", async () => {
    const key = await apiKey(["products:write", "stock:write", "orders:write", "audit:read"], "ERP");
    const client = createClient<paths>({ baseUrl: `${server.origin}/api/v1`, headers: { authorization: `Bearer ${key.secret}` } });

    const me = await client.GET("/me");
    expect(me.data?.data).toMatchObject({ type: "apiKey", name: "ERP" });

    const created = await client.POST("/products", { body: { sku: unique("erp"), name: "ERP Kettle", priceMinor: 3900, currency: "EUR" } });
    expect(created.response.status).toBe(201);
    const product = created.data!.data;
    expect(created.response.headers.get("location")).toBe(`/api/v1/products/${product.id}`);

    const adjusted = await client.POST("/products/{productId}/stock-adjustments", {
      params: { path: { productId: product.id } },
      body: { reason: "RECEIVED", delta: 10, note: "PO 7781" },
    });
    expect(adjusted.data?.data.stock).toBe(10);

    // Start polling before the order exists, as an integrator's sync job would.
    const start = await client.GET("/orders/changes", { params: { query: { limit: 100 } } });
    let cursor = start.data!.meta.nextCursor;
    for (let page = start; page.data!.data.length === 100;) {
      page = await client.GET("/orders/changes", { params: { query: { limit: 100, cursor: cursor! } } });
      cursor = page.data!.meta.nextCursor;
    }

    const { user } = await newCustomer();
    const idempotencyKey = crypto.randomUUID();
    const order = await client.POST("/orders", {
      params: { header: { "Idempotency-Key": idempotencyKey } },
      body: { customerId: user.id, lines: [{ productId: product.id, quantity: 3 }] },
    });
    expect(order.response.status).toBe(201);
    expect(order.data!.data).toMatchObject({ status: "PENDING", totalMinor: 11700, replayed: false });
    const orderId = order.data!.data.id;

    const replay = await client.POST("/orders", {
      params: { header: { "Idempotency-Key": idempotencyKey } },
      body: { customerId: user.id, lines: [{ productId: product.id, quantity: 3 }] },
    });
    expect(replay.response.status).toBe(200);
    expect(replay.data!.data).toMatchObject({ id: orderId, replayed: true });
    expect((await client.GET("/products/{id}", { params: { path: { id: product.id } } })).data!.data.stock).toBe(7);

    const changes = await client.GET("/orders/changes", { params: { query: { cursor: cursor ?? undefined } } });
    expect(changes.data!.data.map((o) => o.id)).toEqual([orderId]);

    for (const to of ["PAID", "FULFILLED", "SHIPPED"] as const) {
      const moved = await client.POST("/orders/{id}/transitions", { params: { path: { id: orderId } }, body: { to } });
      expect(moved.data?.data.status).toBe(to);
    }
    const shipped = await client.GET("/orders/{id}", { params: { path: { id: orderId } } });
    expect(shipped.data!.data.history.map((h) => h.toStatus)).toEqual(["PENDING", "PAID", "FULFILLED", "SHIPPED"]);

    const illegal = await client.POST("/orders/{id}/transitions", { params: { path: { id: orderId } }, body: { to: "CANCELLED" } });
    expect(illegal.response.status).toBe(409);
    expect(illegal.error?.errors[0]).toMatchObject({ code: "ILLEGAL_TRANSITION", field: "to" });

    const audit = await client.GET("/audit-events", { params: { query: { actorId: key.key.id, limit: 50 } } });
    const actions = audit.data!.data.map((e) => `${e.action} ${e.outcome}`);
    expect(actions).toEqual(
      expect.arrayContaining([
        "products.create ALLOWED",
        "stock.adjust ALLOWED",
        "order.create ALLOWED",
        "order.transition ALLOWED",
        "order.transition FAILED",
      ]),
    );
    expect(audit.data!.data.filter((e) => e.action === "order.transition" && e.targetId === orderId)).toHaveLength(4);
  });

  it("registers a webhook endpoint and receives a signed order.created shaped as the document's webhooks section says", async () => {
    process.env.WEBHOOK_ALLOW_LOCALHOST = "true";
    resetServerConfig();
    const receiver = await startReceiver();
    const runner = await startJobRunner({
      handle: getDatabase(),
      jobs: getServerConfig().jobs,
      webhooks: getServerConfig().webhooks,
      mailer: null,
      logger: silentLogger,
      metrics: getMetrics(),
    });
    try {
      const key = await apiKey(["webhooks:write", "orders:write"], "Fulfilment");
      const client = createClient<paths>({ baseUrl: `${server.origin}/api/v1`, headers: { authorization: `Bearer ${key.secret}` } });
      const registered = await client.POST("/webhook-endpoints", {
        body: { url: receiver.url("/fulfilment"), eventTypes: ["order.created"], description: "Fulfilment" },
      });
      expect(registered.response.status).toBe(201);
      const secret = registered.data!.data.secret;

      const product = await newProduct({ stock: 5, priceMinor: 1200 });
      const { user } = await newCustomer();
      const order = await client.POST("/orders", {
        params: { header: { "Idempotency-Key": crypto.randomUUID() } },
        body: { customerId: user.id, lines: [{ productId: product.id, quantity: 2 }] },
      });
      expect(order.response.status).toBe(201);

      await expect.poll(() => receiver.received.length, { timeout: 60_000, interval: 50 }).toBe(1);
      type OrderCreated = webhooks["order.created"]["post"]["requestBody"]["content"]["application/json"];
      const event = verified(secret, receiver.received[0]!) as OrderCreated;
      expect(event.type).toBe("order.created");
      expect(event.data).toMatchObject({ orderId: order.data!.data.id, customerId: user.id, totalMinor: 2400 });
    } finally {
      await runner.stop();
      await receiver.close();
      delete process.env.WEBHOOK_ALLOW_LOCALHOST;
      resetServerConfig();
    }
  }, 90_000);
});
