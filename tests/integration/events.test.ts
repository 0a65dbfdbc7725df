/**
 * Domain events: written in the transaction of the change (the outbox), exactly as declared, and readable
 * over REST as a feed, type by type with the scope that reads its subject.
 */
import { describe, expect, it } from "vitest";
import { GET as openapi } from "../../src/app/api/v1/openapi.json/route";
import { getDatabase } from "../../src/server/db";
import { z } from "zod";
import { apiKeyScopeNames, apiKeyScopes, type Permission } from "../../src/server/auth/permissions";
import { eventCatalog, eventTypes, type EventType } from "../../src/server/events/catalog";
import { apiKey, expectTrpcError, newCustomer, newProduct, unique, userCaller } from "./helpers";
import { rest } from "./rest-request";

/** The events about `subjectId`, in the order they were written. */
async function eventsAbout(subjectId: string) {
  const rows = await getDatabase().db.event.findMany({ where: { subjectId }, orderBy: { seq: "asc" } });
  return rows.map((r) => ({ type: r.type, version: r.version, actorType: r.actorType, payload: r.payload as Record<string, unknown> }));
}

describe("domain events", () => {
  it("an order placed over tRPC and one over REST each record order.created with its lines", async () => {
    const product = await newProduct({ stock: 10, priceMinor: 700 });
    const { caller } = await newCustomer();
    await caller.cart.add({ productId: product.id, quantity: 2 });
    const web = await caller.cart.checkout({ idempotencyKey: unique("ev") });
    expect(await eventsAbout(web.id)).toEqual([
      {
        type: "order.created",
        version: 1,
        actorType: "USER",
        payload: {
          orderId: web.id,
          customerId: web.customer.id,
          status: "PENDING",
          currency: "EUR",
          totalMinor: 1400,
          lines: [{ productId: product.id, sku: product.sku, quantity: 2, unitPriceMinor: 700 }],
        },
      },
    ]);

    const { secret } = await apiKey(["orders:write"]);
    const customer = await newCustomer();
    const placed = await rest("POST", "/orders", {
      key: secret,
      headers: { "idempotency-key": unique("ev-rest") },
      body: { customerId: customer.user.id, lines: [{ productId: product.id, quantity: 1 }] },
    });
    expect(placed.status).toBe(201);
    expect(await eventsAbout(placed.body!.data.id)).toMatchObject([
      { type: "order.created", actorType: "API_KEY", payload: { customerId: customer.user.id, totalMinor: 700 } },
    ]);
  });

  it("a checkout that fails after taking stock rolls back with its events; a replayed one records nothing again", async () => {
    const euro = await newProduct({ stock: 1, currency: "EUR" });
    const dollar = await newProduct({ stock: 5, currency: "USD" });
    const { caller, user } = await newCustomer();
    // Both lines take their stock (the euro one reaching 0, which records stock.low and stock.out), then
    // the order is refused for mixing currencies: the transaction and every event in it roll back.
    const mixed = [
      { productId: euro.id, quantity: 1 },
      { productId: dollar.id, quantity: 1 },
    ];
    await expectTrpcError(caller.order.create({ idempotencyKey: unique("ev"), lines: mixed }), "UNPROCESSABLE_CONTENT", "MIXED_CURRENCIES");
    expect((await eventsAbout(euro.id)).map((e) => e.type)).toEqual(["product.created", "stock.adjusted"]);
    expect(
      await getDatabase().db.event.count({ where: { type: "order.created", payload: { path: ["customerId"], equals: user.id } } }),
    ).toBe(0);

    const key = unique("ev");
    const lines = [{ productId: euro.id, quantity: 1 }];
    const first = await caller.order.create({ idempotencyKey: key, lines });
    await caller.order.create({ idempotencyKey: key, lines });
    expect((await eventsAbout(first.id)).map((e) => e.type)).toEqual(["order.created"]);
    expect((await eventsAbout(euro.id)).map((e) => e.type)).toEqual(["product.created", "stock.adjusted", "stock.low", "stock.out"]);
  });

  it("a cancellation records order.status_changed and order.cancelled with what went back on sale", async () => {
    const product = await newProduct({ stock: 5 });
    const { caller } = await newCustomer();
    const order = await caller.order.create({ idempotencyKey: unique("ev"), lines: [{ productId: product.id, quantity: 3 }] });
    await caller.order.transition({ id: order.id, to: "CANCELLED" });
    expect(await eventsAbout(order.id)).toMatchObject([
      { type: "order.created" },
      { type: "order.status_changed", payload: { orderId: order.id, from: "PENDING", to: "CANCELLED" } },
      { type: "order.cancelled", payload: { orderId: order.id, from: "PENDING", restocked: [{ productId: product.id, quantity: 3 }] } },
    ]);
  });

  it("a stock adjustment records stock.adjusted, and stock.low only when it crosses the threshold downwards", async () => {
    const staff = await userCaller("staff");
    const product = await newProduct({ stock: 10, lowStockThreshold: 3 });
    await staff.stock.adjust({ productId: product.id, delta: -6, reason: "DAMAGED" }); // 4: above the threshold
    await staff.stock.adjust({ productId: product.id, delta: -2, reason: "DAMAGED" }); // 2: crossed
    await staff.stock.adjust({ productId: product.id, delta: -1, reason: "CORRECTION" }); // 1: still low, no new stock.low
    await staff.stock.adjust({ productId: product.id, delta: 5, reason: "RECEIVED", note: "restock" }); // 6
    await staff.stock.adjust({ productId: product.id, delta: -4, reason: "DAMAGED" }); // 2: crossed again
    const events = await eventsAbout(product.id);
    expect(events.map((e) => e.type)).toEqual([
      "product.created",
      "stock.adjusted",
      "stock.adjusted",
      "stock.adjusted",
      "stock.low",
      "stock.adjusted",
      "stock.adjusted",
      "stock.adjusted",
      "stock.low",
    ]);
    expect(events[4]!.payload).toEqual({ productId: product.id, sku: product.sku, stock: 2, lowStockThreshold: 3 });
    expect(events[6]!.payload).toMatchObject({ delta: 5, reason: "RECEIVED", note: "restock", stock: 6 });
  });

  it("product changes: created, updated with the fields that changed, archived, and back on sale as updated", async () => {
    const staff = await userCaller("staff");
    const product = await newProduct();
    await staff.products.update({ id: product.id, name: "Renamed", priceMinor: 999 });
    await staff.products.update({ id: product.id, name: "Renamed" }); // nothing changed: no event
    await staff.products.archive({ id: product.id });
    await staff.products.unarchive({ id: product.id });
    expect(await eventsAbout(product.id)).toMatchObject([
      { type: "product.created", payload: { productId: product.id, active: true } },
      { type: "product.updated", payload: { name: "Renamed", priceMinor: 999, changed: ["name", "priceMinor"] } },
      { type: "product.archived", payload: { active: false } },
      { type: "product.updated", payload: { active: true, changed: ["active"] } },
    ]);
  });

  it("every declared type is emitted by the journeys above and nothing undeclared ever is", async () => {
    const rows = await getDatabase().db.event.findMany({ distinct: ["type"], select: { type: true } });
    const emitted = rows.map((r) => r.type).sort();
    expect(emitted).toEqual([...eventTypes].sort());
    for (const row of await getDatabase().db.event.findMany({ take: 500, orderBy: { seq: "desc" } })) {
      const declaration = eventCatalog[row.type as EventType];
      expect(declaration.payload.safeParse(row.payload).success, `${row.type} ${JSON.stringify(row.payload)}`).toBe(true);
    }
  });
});

/** Waiting for the feed: the bound is generous (a busy machine), the wait ends as soon as the events are there. */
const feedWait = { timeout: 60_000, interval: 50 };

type FeedItem = { id: string; type: string; subjectId: string | null };

/** Every event after `cursor` the key may read, paging to the end; the cursor to continue from. */
async function readToEnd(secret: string, cursor: string | null): Promise<{ items: FeedItem[]; cursor: string | null }> {
  const items: FeedItem[] = [];
  for (;;) {
    const res = await rest("GET", `/events?limit=100${cursor ? `&cursor=${cursor}` : ""}`, { key: secret });
    expect(res.status).toBe(200);
    items.push(...(res.body!.data as FeedItem[]));
    cursor = res.body!.meta.nextCursor as string | null;
    if (res.body!.data.length < 100) return { items, cursor };
  }
}

describe("the event feed (GET /api/v1/events)", () => {
  it("shows each key the types its scopes read, oldest first, and continues from its cursor", async () => {
    const product = await newProduct({ stock: 4, lowStockThreshold: 1 });
    const { caller } = await newCustomer();
    const order = await caller.order.create({ idempotencyKey: unique("feed"), lines: [{ productId: product.id, quantity: 1 }] });

    const orders = await apiKey(["orders:read"]);
    // The feed lists an event once every transaction that began before it has finished, on the whole
    // server (other test files' included), so it may show up a moment after the commit: wait for it.
    let all: FeedItem[] = [];
    let cursor: string | null = null;
    await expect
      .poll(async () => {
        ({ items: all, cursor } = await readToEnd(orders.secret, null));
        return all.filter((e) => e.subjectId === order.id).map((e) => e.type);
      }, feedWait)
      .toEqual(["order.created"]);
    expect(all.every((e) => e.type.startsWith("order."))).toBe(true);
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length);

    // Nothing new for orders yet: the same cursor comes back; then a change appears after it, alone.
    const idle = await rest("GET", `/events?cursor=${cursor}`, { key: orders.secret });
    expect(idle.body!.data).toEqual([]);
    expect(idle.body!.meta.nextCursor).toBe(cursor);
    await caller.order.transition({ id: order.id, to: "CANCELLED" });
    await expect
      .poll(async () => (await readToEnd(orders.secret, cursor)).items.map((e) => e.type), feedWait)
      .toEqual(["order.status_changed", "order.cancelled"]);

    // A type the key may not read is refused by name; one it may read filters.
    const refused = await rest("GET", "/events?type=stock.low", { key: orders.secret });
    expect(refused.status).toBe(403);
    expect(refused.body!.errors[0]).toMatchObject({ code: "EVENT_TYPE_FORBIDDEN" });
    const products = await apiKey(["products:read"]);
    const stock = await rest("GET", `/events?type=stock.adjusted&type=stock.low&limit=100`, { key: products.secret });
    expect(stock.status).toBe(200);
    expect(stock.body!.data.every((e: { type: string }) => e.type === "stock.adjusted" || e.type === "stock.low")).toBe(true);
  });

  it("refuses a guest (401), a key reading no event type (403) and a type that does not exist (400 on type)", async () => {
    expect((await rest("GET", "/events")).status).toBe(401);
    const audit = await apiKey(["audit:read"]);
    expect((await rest("GET", "/events", { key: audit.secret })).status).toBe(403);
    const orders = await apiKey(["orders:read"]);
    const bad = await rest("GET", "/events?type=order.exploded", { key: orders.secret });
    expect(bad.status).toBe(400);
    expect(bad.body!.errors[0]).toMatchObject({ field: expect.stringMatching(/^type/) });
  });
});

describe("the OpenAPI document's webhooks section", () => {
  it("describes every declared event type: its body with the declared payload, its signature headers, its answers", async () => {
    type Hook = {
      post: {
        parameters: { name: string; in: string }[];
        requestBody: {
          content: { "application/json": { schema: { properties: Record<string, { enum?: unknown[] } & Record<string, unknown>> } } };
        };
        responses: Record<string, unknown>;
      };
    };
    const doc = (await openapi().json()) as { webhooks: Record<string, Hook> };
    expect(Object.keys(doc.webhooks).sort()).toEqual([...eventTypes].sort());
    const created = doc.webhooks["order.created"]!.post;
    expect(created.parameters.map((p) => `${p.in}:${p.name}`)).toEqual([
      "header:webhook-id",
      "header:webhook-timestamp",
      "header:webhook-signature",
    ]);
    const body = created.requestBody.content["application/json"].schema.properties;
    expect(body.type!.enum).toEqual(["order.created"]);
    expect(body.data).toMatchObject({ type: "object", required: expect.arrayContaining(["orderId", "customerId", "lines", "totalMinor"]) });
    expect(Object.keys(created.responses)).toEqual(["200", "410"]);
  });
});

describe("docs/event-types.md", () => {
  it("lists every declared type with its version, scopes, summary and payload fields (kept true by this test)", async () => {
    const lines = [
      "# Event types",
      "",
      "Generated from `src/server/events/catalog.ts` by `tests/integration/events.test.ts`; do not edit. The guide is [events.md](events.md).",
      "",
      "| type | version | API key scopes that read it | what happened | payload (`data`) fields |",
      "|---|---|---|---|---|",
    ];
    for (const type of eventTypes) {
      const declaration = eventCatalog[type];
      const scopes = apiKeyScopeNames.filter((scope) => (apiKeyScopes[scope] as readonly Permission[]).includes(declaration.permission));
      const schema = z.toJSONSchema(declaration.payload, { io: "output" }) as { properties: Record<string, { type?: string | string[] }> };
      const fields = Object.entries(schema.properties).map(
        ([name, field]) => `\`${name}\`${field.type ? ` (${[field.type].flat().join(" | ")})` : ""}`,
      );
      lines.push(
        `| \`${type}\` | ${declaration.version} | ${scopes.map((s) => `\`${s}\``).join(", ")} | ${declaration.summary} | ${fields.join(", ")} |`,
      );
    }
    await expect(`${lines.join("\n")}\n`).toMatchFileSnapshot("../../docs/event-types.md");
  });
});

describe("cursors holding a bigint (the event feed, the audit trail)", () => {
  it("answer a number beyond PostgreSQL's bigint with 400 on cursor, never a 500 from the database", async () => {
    const beyondBigint = Buffer.from(JSON.stringify(["9".repeat(19), "1"])).toString("base64url");
    const orders = await apiKey(["orders:read"]);
    const feed = await rest("GET", `/events?cursor=${beyondBigint}`, { key: orders.secret });
    expect(feed.status).toBe(400);
    expect(feed.body!.errors[0]).toMatchObject({ code: "INVALID_INPUT", field: "cursor" });
    const audit = await apiKey(["audit:read"]);
    const trail = await rest("GET", `/audit-events?cursor=${Buffer.from(JSON.stringify(["9".repeat(19)])).toString("base64url")}`, {
      key: audit.secret,
    });
    expect(trail.status).toBe(400);
    expect(trail.body!.errors[0]).toMatchObject({ code: "INVALID_INPUT", field: "cursor" });
  });
});
