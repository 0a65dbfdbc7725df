import { describe, expect, it } from "vitest";
import { getDatabase } from "../../src/server/db";
import { apiKey, expectTrpcError, ledgerSum, newCustomer, newProduct, unique, userCaller } from "./helpers";

async function placedOrder(quantity = 2, stock = 5) {
  const product = await newProduct({ stock });
  const customer = await newCustomer();
  const order = await customer.caller.order.create({ idempotencyKey: unique("key"), lines: [{ productId: product.id, quantity }] });
  return { product, customer, order };
}

describe("order lifecycle", () => {
  it("goes PENDING -> PAID -> FULFILLED -> SHIPPED -> DELIVERED, recording who made each step", async () => {
    const { order, customer } = await placedOrder();
    const staff = await userCaller("staff");
    const admin = await userCaller("admin");
    await staff.order.transition({ id: order.id, to: "PAID" });
    await staff.order.transition({ id: order.id, to: "FULFILLED" });
    await admin.order.transition({ id: order.id, to: "SHIPPED" });
    const delivered = await staff.order.transition({ id: order.id, to: "DELIVERED" });
    const staffId = (await staff.me.get()).id;
    const adminId = (await admin.me.get()).id;
    expect(delivered.history.map((h) => [h.fromStatus, h.toStatus, h.actorId])).toEqual([
      [null, "PENDING", customer.user.id],
      ["PENDING", "PAID", staffId],
      ["PAID", "FULFILLED", staffId],
      ["FULFILLED", "SHIPPED", adminId],
      ["SHIPPED", "DELIVERED", staffId],
    ]);
    // The customer sees the same history on their order.
    expect((await customer.caller.order.byId({ id: order.id })).status).toBe("DELIVERED");
  });

  it("refuses an illegal transition with CONFLICT naming the current status and what is allowed", async () => {
    const { order } = await placedOrder();
    const staff = await userCaller("staff");
    const error = await expectTrpcError(staff.order.transition({ id: order.id, to: "SHIPPED" }), "CONFLICT", "ILLEGAL_TRANSITION");
    expect(error.cause).toMatchObject({ details: { currentStatus: "PENDING", allowed: ["PAID", "CANCELLED"], field: "to" } });
    await staff.order.transition({ id: order.id, to: "PAID" });
    await staff.order.transition({ id: order.id, to: "FULFILLED" });
    await expectTrpcError(staff.order.transition({ id: order.id, to: "CANCELLED" }), "CONFLICT", "ILLEGAL_TRANSITION");
    await expectTrpcError(staff.order.transition({ id: order.id, to: "FULFILLED" }), "CONFLICT", "ILLEGAL_TRANSITION");
    await expectTrpcError(staff.order.transition({ id: "no-such-order", to: "PAID" }), "NOT_FOUND", "ORDER_NOT_FOUND");
  });

  it("cancelling (from PENDING or PAID) returns the stock through the ledger, once", async () => {
    const staff = await userCaller("staff");
    const { order, product } = await placedOrder(2, 5);
    expect(await ledgerSum(product.id)).toBe(3);
    await staff.order.transition({ id: order.id, to: "PAID" });
    const cancelled = await staff.order.transition({ id: order.id, to: "CANCELLED" });
    expect(cancelled.status).toBe("CANCELLED");
    expect(await ledgerSum(product.id)).toBe(5);
    const movements = (await staff.stock.movements({ productId: product.id })).items;
    expect(movements[0]).toMatchObject({ reason: "CANCELLATION", delta: 2, orderId: order.id, stockAfter: 5 });
    await expectTrpcError(staff.order.transition({ id: order.id, to: "CANCELLED" }), "CONFLICT", "ILLEGAL_TRANSITION");
    expect(await ledgerSum(product.id)).toBe(5);
  });

  it("lets a customer cancel their own pending order, and nothing more", async () => {
    const { order, customer, product } = await placedOrder(1, 3);
    await expectTrpcError(customer.caller.order.transition({ id: order.id, to: "PAID" }), "FORBIDDEN", "PERMISSION_DENIED");
    const stranger = await newCustomer();
    await expectTrpcError(stranger.caller.order.transition({ id: order.id, to: "CANCELLED" }), "NOT_FOUND");
    expect((await customer.caller.order.transition({ id: order.id, to: "CANCELLED" })).status).toBe("CANCELLED");
    expect(await ledgerSum(product.id)).toBe(3);

    const paid = await placedOrder();
    await (await userCaller("staff")).order.transition({ id: paid.order.id, to: "PAID" });
    await expectTrpcError(paid.customer.caller.order.transition({ id: paid.order.id, to: "CANCELLED" }), "FORBIDDEN");
  });

  it("integrators move orders with orders:write; orders:read cannot", async () => {
    const { order } = await placedOrder();
    await expectTrpcError((await apiKey(["orders:read"])).caller.order.transition({ id: order.id, to: "PAID" }), "FORBIDDEN");
    const key = await apiKey(["orders:write"]);
    const paid = await key.caller.order.transition({ id: order.id, to: "PAID" });
    expect(paid.history.at(-1)).toMatchObject({ toStatus: "PAID", actorType: "API_KEY", actorId: key.key.id });
    const audit = await getDatabase().db.auditEvent.findFirstOrThrow({ where: { action: "order.transition", targetId: order.id } });
    expect(audit).toMatchObject({ actorType: "API_KEY", outcome: "ALLOWED", diff: { status: ["PENDING", "PAID"] } });
  });

  it("two simultaneous transitions of one order: one wins, the other is a CONFLICT", async () => {
    const { order, product } = await placedOrder(2, 5);
    const staff = await userCaller("staff");
    const admin = await userCaller("admin");
    const results = await Promise.allSettled([
      staff.order.transition({ id: order.id, to: "CANCELLED" }),
      admin.order.transition({ id: order.id, to: "CANCELLED" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await ledgerSum(product.id)).toBe(5);
  });
});

describe("staff order list", () => {
  it("filters by status, customer and date range, newest first, with a cursor", async () => {
    const staff = await userCaller("staff");
    const customer = await newCustomer();
    const product = await newProduct({ stock: 50 });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push((await customer.caller.order.create({ idempotencyKey: unique("k"), lines: [{ productId: product.id, quantity: 1 }] })).id);
    await staff.order.transition({ id: ids[1]!, to: "PAID" });
    await staff.order.transition({ id: ids[3]!, to: "PAID" });

    const mine = await staff.order.list({ customerId: customer.user.id, limit: 2 });
    const rest = await staff.order.list({ customerId: customer.user.id, limit: 10, cursor: mine.nextCursor });
    expect([...mine.items, ...rest.items].map((o) => o.id)).toEqual([...ids].reverse());
    expect((await staff.order.list({ customerId: customer.user.id, status: "PAID" })).items.map((o) => o.id)).toEqual([ids[3], ids[1]]);

    const { db } = getDatabase();
    const placedAt = await db.order.findUniqueOrThrow({ where: { id: ids[2]! }, select: { createdAt: true } });
    const from = placedAt.createdAt.toISOString();
    const window = await staff.order.list({ customerId: customer.user.id, createdFrom: from });
    expect(window.items.map((o) => o.id)).toEqual([ids[4], ids[3], ids[2]]);
    const before = await staff.order.list({ customerId: customer.user.id, createdTo: from });
    expect(before.items.map((o) => o.id)).toEqual([ids[1], ids[0]]);
    await expectTrpcError(staff.order.list({ createdFrom: from, createdTo: from }), "BAD_REQUEST");
    await expectTrpcError(staff.order.list({ createdFrom: "yesterday" }), "BAD_REQUEST");
  });
});
