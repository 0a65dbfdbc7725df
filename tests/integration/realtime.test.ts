/**
 * Realtime streams (tRPC subscriptions) on each backend: what each subscriber may see, resumption from the
 * last event id with nothing missed or repeated, revoked sessions, limits. Tests wait for events, never
 * for durations.
 */
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { revokeSession, revokeUserSessions } from "../../src/server/auth/sessions";
import { getDatabase } from "../../src/server/db";
import { standaloneWork } from "../../src/server/db/unit-of-work";
import { silentLogger } from "../../src/server/logger";
import { getMetrics } from "../../src/server/observability/metrics";
import { EventHub } from "../../src/server/realtime/hub";
import { getEventHub } from "../../src/server/realtime/process-hub";
import { liveEvents } from "../../src/server/realtime/stream";
import { reasonOf } from "../../src/server/errors";
import { apiKey, newCustomer, newProduct, userActor, userCaller, withEnv } from "./helpers";
import { openStream } from "./live-stream";

// A poll gives up well inside its test's time, so a slow delivery fails on what arrived, not as a hung test.
const poll = { timeout: 60_000 };
const slowMachine = { timeout: 120_000 };

type OrderChange = { kind: string; orderId: string; status: string; from?: string };

async function placeOrder(customer: Awaited<ReturnType<typeof newCustomer>>) {
  const product = await newProduct({ stock: 20 });
  return customer.caller.order.create({ idempotencyKey: crypto.randomUUID(), lines: [{ productId: product.id, quantity: 1 }] });
}

function reason(error: unknown): string | undefined {
  return error instanceof TRPCError ? `${error.code} ${reasonOf(error)?.reason}` : String(error);
}

describe("a customer's live orders", slowMachine, () => {
  it("bring their order's changes in order, and nothing of another customer's order, even when asked by id", async () => {
    const alice = await newCustomer();
    const bob = await newCustomer();
    const staff = await userCaller("staff");
    const bobsOrder = await placeOrder(bob);
    const mine = await openStream<OrderChange>(alice.actor, (c) => c.order.live({}));
    const snooping = await openStream<OrderChange>(alice.actor, (c) => c.order.live({ orderId: bobsOrder.id }));
    const order = await placeOrder(alice);
    await staff.order.transition({ id: bobsOrder.id, to: "PAID" });
    await staff.order.transition({ id: order.id, to: "PAID" });
    await staff.order.transition({ id: order.id, to: "FULFILLED" });
    await expect.poll(() => mine.received.length, poll).toBe(3);
    expect(mine.received.map(([, c]) => [c.kind, c.orderId, c.status])).toEqual([
      ["created", order.id, "PENDING"],
      ["status_changed", order.id, "PAID"],
      ["status_changed", order.id, "FULFILLED"],
    ]);
    // Bob's order moved too, before Alice's last change: had it passed the filter, it would be here by now.
    expect(snooping.received).toEqual([]);
    await mine.close();
    await snooping.close();
    expect(mine.error()).toBeNull();
  });

  it("resume after the last event id: the changes made while away arrive once each, in order", async () => {
    const customer = await newCustomer();
    const staff = await userCaller("staff");
    const order = await placeOrder(customer);
    const first = await openStream<OrderChange>(customer.actor, (c) => c.order.live({ orderId: order.id }));
    await staff.order.transition({ id: order.id, to: "PAID" });
    // The order's "created" may come first: it committed just before the stream joined.
    await expect.poll(() => first.received.some(([, c]) => c.status === "PAID"), poll).toBe(true);
    await first.close();
    const [lastEventId] = first.received.at(-1)!;

    // Away: two changes.
    await staff.order.transition({ id: order.id, to: "FULFILLED" });
    await staff.order.transition({ id: order.id, to: "SHIPPED" });

    const resumed = await openStream<OrderChange>(customer.actor, (c) => c.order.live({ orderId: order.id, lastEventId }));
    await staff.order.transition({ id: order.id, to: "DELIVERED" });
    await expect.poll(() => resumed.received.length, poll).toBe(3);
    expect(resumed.received.map(([, c]) => c.status)).toEqual(["FULFILLED", "SHIPPED", "DELIVERED"]);
    expect(new Set(resumed.received.map(([id]) => id)).size).toBe(3);
    expect(resumed.received.map(([id]) => id)).not.toContain(lastEventId);
    await resumed.close();
  });
});

describe("the staff's live events", slowMachine, () => {
  it("carry the types asked for as they commit; types one may not read are refused by name", async () => {
    const staff = await userActor("staff");
    const stream = await openStream<{ type: string; data: { productId: string; stock: number } }>(staff, (c) =>
      c.events.live({ types: ["stock.low", "stock.out"] }),
    );
    const product = await newProduct({ stock: 3, lowStockThreshold: 2 });
    const customer = await newCustomer();
    await customer.caller.order.create({ idempotencyKey: crypto.randomUUID(), lines: [{ productId: product.id, quantity: 2 }] });
    await customer.caller.order.create({ idempotencyKey: crypto.randomUUID(), lines: [{ productId: product.id, quantity: 1 }] });
    await expect.poll(() => stream.received.filter(([, e]) => e.data.productId === product.id).length, poll).toBe(2);
    expect(stream.received.filter(([, e]) => e.data.productId === product.id).map(([, e]) => [e.type, e.data.stock])).toEqual([
      ["stock.low", 1],
      ["stock.out", 0],
    ]);
    await stream.close();

    const { actor: ordersOnly } = await apiKey(["orders:read"]);
    const refused = await openStream(ordersOnly, (c) => c.events.live({ types: ["stock.out"] }), { joins: false });
    await expect.poll(() => refused.ended(), poll).toBe(true);
    expect(reason(refused.error())).toBe("FORBIDDEN EVENT_TYPE_FORBIDDEN");
  });

  it("are refused to customers before anything is read", async () => {
    const customer = await userCaller("customer");
    await expect(customer.events.live({})).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("ending streams", slowMachine, () => {
  it("a signed-out session's stream ends before the next event, with SESSION_ENDED", async () => {
    const staff = await userActor("staff");
    const stream = await openStream(staff, (c) => c.events.live({ types: ["product.created"] }));
    await newProduct();
    await expect.poll(() => stream.received.length, poll).toBe(1);
    await revokeSession(standaloneWork(getDatabase().db), staff.sessionId);
    await newProduct();
    await expect.poll(() => stream.ended(), poll).toBe(true);
    expect(reason(stream.error())).toBe("UNAUTHORIZED SESSION_ENDED");
    expect(stream.received.length).toBe(1);
  });

  it("a revoked user's stream ends at the next keep-alive when nothing happens", async () => {
    await withEnv({ REALTIME_KEEPALIVE_SECONDS: "1" }, async () => {
      const customer = await newCustomer();
      const stream = await openStream(customer.actor, (c) => c.order.live({}));
      await revokeUserSessions(standaloneWork(getDatabase().db), customer.user.id);
      await expect.poll(() => stream.ended(), poll).toBe(true);
      expect(reason(stream.error())).toBe("UNAUTHORIZED SESSION_ENDED");
    });
  });

  it("a revoked API key's stream ends", async () => {
    const key = await apiKey(["products:read"]);
    const stream = await openStream(key.actor, (c) => c.events.live({ types: ["product.created"] }));
    await getDatabase().db.apiKey.update({ where: { id: key.key.id }, data: { revokedAt: new Date() } });
    // The key is read again at most every 5 s: keep events coming until the stream ends.
    await expect
      .poll(
        async () => {
          await newProduct();
          return stream.ended();
        },
        { timeout: 60_000, interval: 500 },
      )
      .toBe(true);
    expect(reason(stream.error())).toBe("UNAUTHORIZED SESSION_ENDED");
  }, 90_000);
});

describe("limits", slowMachine, () => {
  it("one user holds at most REALTIME_MAX_STREAMS_PER_USER streams; over it is TOO_MANY_STREAMS, and closing one frees a seat", async () => {
    const customer = await newCustomer();
    const streams = [];
    for (let i = 0; i < 10; i++) streams.push(await openStream(customer.actor, (c) => c.order.live({})));
    const over = await openStream(customer.actor, (c) => c.order.live({}), { joins: false });
    await expect.poll(() => over.ended(), poll).toBe(true);
    expect(reason(over.error())).toBe("TOO_MANY_REQUESTS TOO_MANY_STREAMS");
    await streams.pop()!.close();
    const again = await openStream(customer.actor, (c) => c.order.live({}));
    expect(again.ended()).toBe(false);
    for (const stream of [...streams, again]) await stream.close();
    expect((await getEventHub()).openStreams).toBe(0);
  });
});

describe("a full process", slowMachine, () => {
  it("refuses new streams with TOO_MANY_STREAMS (REALTIME_MAX_STREAMS) rather than taking more", async () => {
    const hub = await EventHub.open({
      handle: getDatabase(),
      logger: silentLogger,
      metrics: getMetrics(),
      maxStreams: 2,
      maxStreamsPerKey: 10,
    });
    const abort = new AbortController();
    const open = (key: string) =>
      liveEvents({
        hub,
        db: getDatabase().db,
        metrics: getMetrics(),
        procedure: "test",
        limitKey: key,
        accept: () => false,
        stillAllowed: async () => true,
        recheckMs: 60_000,
        signal: abort.signal,
      }).next();
    const held = [open("a"), open("b")];
    await expect.poll(() => hub.openStreams).toBe(2);
    const refused = await open("c").catch((error: unknown) => error);
    expect(reason(refused)).toBe("TOO_MANY_REQUESTS TOO_MANY_STREAMS");
    abort.abort();
    await Promise.all(held);
    expect(hub.openStreams).toBe(0);
    await hub.close();
  });
});

describe("a product's availability, for anyone", slowMachine, () => {
  it("says when a followed product runs out or is archived, and nothing about the others", async () => {
    const followed = await newProduct({ stock: 1 });
    const archived = await newProduct({ stock: 5 });
    const other = await newProduct({ stock: 1 });
    const stream = await openStream<{ productIds: string[]; change: string }>(null, (c) =>
      c.storefront.availability({ productIds: [followed.id, archived.id] }),
    );
    const customer = await newCustomer();
    await customer.caller.order.create({ idempotencyKey: crypto.randomUUID(), lines: [{ productId: other.id, quantity: 1 }] });
    await customer.caller.order.create({ idempotencyKey: crypto.randomUUID(), lines: [{ productId: followed.id, quantity: 1 }] });
    await (await userCaller("staff")).products.archive({ id: archived.id });
    // A new stream starts at its hub's position: on a busy machine the hub may not yet have read the two
    // products' opening stock (committed just before), which then arrives too, as stock_changed. A page
    // reads its data again when its stream connects, so that is harmless; skipping later events would not be.
    const changes = () => stream.received.filter(([, c]) => c.change !== "stock_changed");
    await expect.poll(() => changes().length, poll).toBe(2);
    expect(changes().map(([, c]) => [c.productIds, c.change])).toEqual([
      [[followed.id], "out_of_stock"],
      [[archived.id], "archived"],
    ]);
    // Nothing about the product not followed, ever.
    expect(stream.received.flatMap(([, c]) => c.productIds).every((id) => id === followed.id || id === archived.id)).toBe(true);
    await stream.close();
  });
});
