import { describe, expect, it } from "vitest";
import { apiKey, expectTrpcError, invalidFields, newCustomer, newProduct, unique, userCaller } from "./helpers";
import { rest } from "./rest-request";

describe("order numbers", () => {
  it("are given at checkout in placement order, returned at once, and find the order for staff and integrators", async () => {
    const product = await newProduct({ stock: 10 });
    const { caller } = await newCustomer();
    const place = () => caller.order.create({ idempotencyKey: unique("num"), lines: [{ productId: product.id, quantity: 1 }] });
    const first = await place();
    const second = await place();
    expect(first.number).toBeGreaterThan(1000);
    expect(second.number).toBeGreaterThan(first.number);
    expect((await caller.order.byId({ id: first.id })).number).toBe(first.number);

    const staff = await userCaller("staff");
    const found = await staff.order.list({ limit: 20, number: second.number });
    expect(found.items.map((o) => o.id)).toEqual([second.id]);

    const { secret } = await apiKey(["orders:read"]);
    const res = await rest("GET", `/orders?number=${first.number}`, { key: secret });
    expect(res.status).toBe(200);
    expect(res.body!.data.map((o: { id: string; number: number }) => [o.id, o.number])).toEqual([[first.id, first.number]]);
    const bad = await rest("GET", "/orders?number=%231042", { key: secret });
    expect(bad.status).toBe(400);
    expect(bad.body!.errors[0]).toMatchObject({ field: "number" });
  });

  it("a customer's number search sees only their own orders", async () => {
    const product = await newProduct({ stock: 5 });
    const owner = await newCustomer();
    const order = await owner.caller.order.create({ idempotencyKey: unique("num"), lines: [{ productId: product.id, quantity: 1 }] });
    const other = await newCustomer();
    expect((await other.caller.order.list({ limit: 20, number: order.number })).items).toEqual([]);
    expect((await owner.caller.order.list({ limit: 20, number: order.number })).items.map((o) => o.id)).toEqual([order.id]);
    const error = await expectTrpcError(other.caller.order.list({ limit: 20, number: -1 }), "BAD_REQUEST");
    expect(invalidFields(error)).toEqual(["number"]);
  });
});
