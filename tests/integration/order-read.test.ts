/** Reading orders: customers see only their own (another's id is NOT_FOUND), staff and order-scoped keys see all. */
import { describe, expect, it } from "vitest";
import { demoOrders } from "../../prisma/seed";
import { apiKey, expectTrpcError, userCaller } from "./helpers";

const own = demoOrders.filter((o) => o.customer === "customer@stockroom.test").map((o) => o.id);
const someoneElses = demoOrders.find((o) => o.customer === "customer2@stockroom.test")!.id;

describe("order.list and order.byId", () => {
  it("give a customer their own orders only, with lines, totals and history", async () => {
    const customer = await userCaller("customer");
    const page = await customer.order.list();
    expect(page.items.map((o) => o.id).sort()).toEqual([...own].sort());
    for (const order of page.items) {
      expect(order.customer.email).toBe("customer@stockroom.test");
      expect(order.subtotalMinor).toBe(order.lines.reduce((sum, line) => sum + line.lineTotalMinor, 0));
      expect(order.history[0]).toMatchObject({ fromStatus: null, toStatus: "PENDING" });
    }
    // Filtering by someone else's id does not widen a customer's view.
    const other = await userCaller("customer2");
    const otherId = (await other.order.list()).items[0]!.customer.id;
    expect((await customer.order.list({ customerId: otherId })).items).toEqual([]);
  });

  it("answer another customer's order id with NOT_FOUND, exactly like a missing one", async () => {
    const customer = await userCaller("customer");
    const guessed = await expectTrpcError(customer.order.byId({ id: someoneElses }), "NOT_FOUND");
    const missing = await expectTrpcError(customer.order.byId({ id: "no-such-order" }), "NOT_FOUND");
    expect(guessed.message.replace(someoneElses, "ID")).toBe(missing.message.replace("no-such-order", "ID"));
    expect((await customer.order.byId({ id: own[0]! })).id).toBe(own[0]);
  });

  it("give staff and an orders:read key every order, filterable by status and customer, newest first with a cursor", async () => {
    const staff = await userCaller("staff");
    const all = await staff.order.list({ limit: 100 });
    expect(all.items.map((o) => o.id).sort()).toEqual(demoOrders.map((o) => o.id).sort());
    expect((await staff.order.byId({ id: someoneElses })).id).toBe(someoneElses);
    const paid = await staff.order.list({ status: "PAID" });
    expect(paid.items.every((o) => o.status === "PAID")).toBe(true);
    const first = await staff.order.list({ limit: 1 });
    const second = await staff.order.list({ limit: 1, cursor: first.nextCursor });
    expect(second.items[0]!.id).toBe(all.items[1]!.id);

    const key = await apiKey(["orders:read"]);
    expect((await key.caller.order.list({ limit: 100 })).items).toHaveLength(demoOrders.length);
    const productsOnly = await apiKey(["products:read"]);
    await expectTrpcError(productsOnly.caller.order.list(), "FORBIDDEN", "PERMISSION_DENIED");
  });
});
