import { describe, expect, it } from "vitest";
import { getDatabase } from "../../src/server/db";
import { apiKey, expectTrpcError, ledgerSum, newCustomer, newProduct, unique, userCaller } from "./helpers";

describe("cart", () => {
  it("adds, changes and removes lines, priced from the catalog now", async () => {
    const { caller } = await newCustomer();
    const mug = await newProduct({ stock: 5, priceMinor: 1200 });
    const pen = await newProduct({ stock: 9, priceMinor: 450 });
    await caller.cart.add({ productId: mug.id, quantity: 2 });
    await caller.cart.add({ productId: pen.id, quantity: 1 });
    let cart = await caller.cart.add({ productId: mug.id, quantity: 1 });
    expect(cart.items.map((i) => [i.productId, i.quantity, i.lineTotalMinor])).toEqual([
      [mug.id, 3, 3600],
      [pen.id, 1, 450],
    ]);
    expect(cart).toMatchObject({ subtotalMinor: 4050, currency: "EUR", ready: true });
    cart = await caller.cart.setQuantity({ productId: mug.id, quantity: 1 });
    expect(cart.subtotalMinor).toBe(1650);
    await (await userCaller("staff")).products.update({ id: pen.id, priceMinor: 500 });
    cart = await caller.cart.remove({ productId: mug.id });
    expect(cart.items).toMatchObject([{ productId: pen.id, unitPriceMinor: 500 }]);
    expect((await caller.cart.get()).subtotalMinor).toBe(500);
  });

  it("refuses more than is in stock, saying how many there are, and an archived product", async () => {
    const { caller } = await newCustomer();
    const product = await newProduct({ stock: 3 });
    await caller.cart.add({ productId: product.id, quantity: 2 });
    const error = await expectTrpcError(caller.cart.add({ productId: product.id, quantity: 2 }), "CONFLICT", "INSUFFICIENT_STOCK");
    expect(error.message).toMatch(/Only 3 .* in stock \(2 already in your cart\)/);
    expect(error.cause).toMatchObject({ details: { field: "quantity", available: 3, inCart: 2 } });
    await expectTrpcError(caller.cart.setQuantity({ productId: product.id, quantity: 0 }), "BAD_REQUEST");
    const archived = await newProduct({ stock: 3 });
    await (await userCaller("staff")).products.archive({ id: archived.id });
    await expectTrpcError(caller.cart.add({ productId: archived.id, quantity: 1 }), "NOT_FOUND", "PRODUCT_UNAVAILABLE");
  });

  it("shows lines that can no longer be checked out as they are", async () => {
    const { caller } = await newCustomer();
    const product = await newProduct({ stock: 3 });
    await caller.cart.add({ productId: product.id, quantity: 3 });
    await (await userCaller("staff")).stock.adjust({ productId: product.id, reason: "DAMAGED", delta: -2 });
    expect(await caller.cart.get()).toMatchObject({ ready: false, items: [{ problem: "INSUFFICIENT_STOCK", available: 1 }] });
  });

  it("belongs to a person: API keys have no cart", async () => {
    await expectTrpcError((await apiKey(["orders:write"])).caller.cart.get(), "FORBIDDEN");
  });
});

describe("checkout", () => {
  it("creates the order with lines at today's prices, takes the stock through the ledger and empties the cart", async () => {
    const { caller, user } = await newCustomer();
    const a = await newProduct({ stock: 5, priceMinor: 1995 });
    const b = await newProduct({ stock: 2, priceMinor: 350 });
    await caller.cart.add({ productId: a.id, quantity: 2 });
    await caller.cart.add({ productId: b.id, quantity: 2 });
    await (await userCaller("staff")).products.update({ id: a.id, priceMinor: 2095 });
    const order = await caller.cart.checkout({ idempotencyKey: unique("key") });
    expect(order).toMatchObject({
      status: "PENDING",
      currency: "EUR",
      subtotalMinor: 2 * 2095 + 700,
      totalMinor: 4890,
      replayed: false,
      customer: { id: user.id },
    });
    expect(order.lines.map((l) => [l.productId, l.unitPriceMinor, l.quantity, l.lineTotalMinor]).sort()).toEqual(
      [
        [a.id, 2095, 2, 4190],
        [b.id, 350, 2, 700],
      ].sort(),
    );
    expect(order.history).toMatchObject([{ fromStatus: null, toStatus: "PENDING", actorType: "USER", actorId: user.id }]);
    expect((await caller.cart.get()).items).toEqual([]);
    const { db } = getDatabase();
    for (const [product, left] of [
      [a, 3],
      [b, 0],
    ] as const) {
      expect((await db.product.findUniqueOrThrow({ where: { id: product.id } })).stock).toBe(left);
      expect(await ledgerSum(product.id)).toBe(left);
    }
    expect(await db.stockMovement.count({ where: { orderId: order.id, reason: "SALE" } })).toBe(2);

    // The line keeps what it was sold at, whatever happens to the product later.
    await (await userCaller("staff")).products.update({ id: a.id, priceMinor: 9999, name: "Renamed later" });
    expect((await caller.order.byId({ id: order.id })).lines.find((l) => l.productId === a.id)).toMatchObject({
      unitPriceMinor: 2095,
      name: a.name,
    });
  });

  it("takes nothing when one line is out of stock, and names that product", async () => {
    const { caller } = await newCustomer();
    const plenty = await newProduct({ stock: 10 });
    const scarce = await newProduct({ stock: 2, name: unique("Scarce Candle") });
    await caller.cart.add({ productId: plenty.id, quantity: 3 });
    await caller.cart.add({ productId: scarce.id, quantity: 2 });
    await (await userCaller("staff")).stock.adjust({ productId: scarce.id, reason: "DAMAGED", delta: -1 });
    const error = await expectTrpcError(caller.cart.checkout({ idempotencyKey: unique("key") }), "CONFLICT", "OUT_OF_STOCK");
    expect(error.message).toContain(scarce.name);
    expect(error.cause).toMatchObject({ details: { productId: scarce.id, available: 1, requested: 2, field: "cart.1.quantity" } });
    const { db } = getDatabase();
    expect((await db.product.findUniqueOrThrow({ where: { id: plenty.id } })).stock).toBe(10);
    expect(await ledgerSum(plenty.id)).toBe(10);
    expect((await caller.cart.get()).items).toHaveLength(2);
    expect(await db.order.count({ where: { customerId: (await caller.me.get()).id } })).toBe(0);
  });

  it("refuses an empty cart and an order mixing currencies", async () => {
    const { caller } = await newCustomer();
    await expectTrpcError(caller.cart.checkout({ idempotencyKey: unique("key") }), "UNPROCESSABLE_CONTENT", "CART_EMPTY");
    const eur = await newProduct({ stock: 1, currency: "EUR" });
    const usd = await newProduct({ stock: 1, currency: "USD" });
    await expectTrpcError(
      caller.order.create({
        idempotencyKey: unique("key"),
        lines: [
          { productId: eur.id, quantity: 1 },
          { productId: usd.id, quantity: 1 },
        ],
      }),
      "UNPROCESSABLE_CONTENT",
      "MIXED_CURRENCIES",
    );
    expect(await ledgerSum(eur.id)).toBe(1);
  });

  it("refuses an order whose total does not fit one order, taking nothing", async () => {
    const { caller, user } = await newCustomer();
    // 10,000,000 minor units (the highest price) x 215 is past 2^31 - 1, the largest total one order holds.
    const dear = await newProduct({ stock: 1000, priceMinor: 10_000_000 });
    const error = await expectTrpcError(
      caller.order.create({ idempotencyKey: unique("key"), lines: [{ productId: dear.id, quantity: 215 }] }),
      "UNPROCESSABLE_CONTENT",
      "ORDER_TOO_LARGE",
    );
    expect(error.cause).toMatchObject({ details: { field: "lines" } });
    const { db } = getDatabase();
    expect((await db.product.findUniqueOrThrow({ where: { id: dear.id } })).stock).toBe(1000);
    expect(await ledgerSum(dear.id)).toBe(1000);
    expect(await db.order.count({ where: { customerId: user.id } })).toBe(0);
    // One unit fewer fits: the limit is the total, not the quantity or the price.
    const placed = await caller.order.create({ idempotencyKey: unique("key"), lines: [{ productId: dear.id, quantity: 214 }] });
    expect(placed.totalMinor).toBe(2_140_000_000);
  });

  it("lets staff and orders:write keys order for a named customer; a customer only for themselves", async () => {
    const product = await newProduct({ stock: 5 });
    const { user: customer, caller } = await newCustomer();
    const { user: other } = await newCustomer();
    const key = await apiKey(["orders:write"]);
    const lines = [{ productId: product.id, quantity: 1 }];
    expect(await key.caller.order.create({ idempotencyKey: unique("key"), lines, customerId: customer.id })).toMatchObject({
      customer: { id: customer.id },
    });
    await expectTrpcError(key.caller.order.create({ idempotencyKey: unique("key"), lines }), "BAD_REQUEST", "CUSTOMER_REQUIRED");
    await expectTrpcError(
      key.caller.order.create({ idempotencyKey: unique("key"), lines, customerId: "nobody" }),
      "UNPROCESSABLE_CONTENT",
      "CUSTOMER_NOT_FOUND",
    );
    await expectTrpcError(caller.order.create({ idempotencyKey: unique("key"), lines, customerId: other.id }), "FORBIDDEN");
    await expectTrpcError(
      (await apiKey(["orders:read"])).caller.order.create({ idempotencyKey: unique("key"), lines, customerId: customer.id }),
      "FORBIDDEN",
    );
  });
});

describe("idempotency", () => {
  it("a replay returns the same order and takes stock once; the cart being empty by then is a replay", async () => {
    const { caller } = await newCustomer();
    const product = await newProduct({ stock: 5 });
    const key = unique("key");
    await caller.cart.add({ productId: product.id, quantity: 2 });
    const first = await caller.cart.checkout({ idempotencyKey: key });
    const again = await caller.cart.checkout({ idempotencyKey: key });
    expect(again).toMatchObject({ id: first.id, replayed: true, totalMinor: first.totalMinor });
    expect(await ledgerSum(product.id)).toBe(3);

    const lines = [{ productId: product.id, quantity: 1 }];
    const lineKey = unique("key");
    const viaLines = await caller.order.create({ idempotencyKey: lineKey, lines });
    expect(await caller.order.create({ idempotencyKey: lineKey, lines })).toMatchObject({ id: viaLines.id, replayed: true });
    expect(await ledgerSum(product.id)).toBe(2);
  });

  it("the same key with different lines, or a cart changed since, is a CONFLICT", async () => {
    const { caller } = await newCustomer();
    const product = await newProduct({ stock: 10 });
    const key = unique("key");
    await caller.order.create({ idempotencyKey: key, lines: [{ productId: product.id, quantity: 1 }] });
    const error = await expectTrpcError(
      caller.order.create({ idempotencyKey: key, lines: [{ productId: product.id, quantity: 2 }] }),
      "CONFLICT",
      "IDEMPOTENCY_KEY_REUSED",
    );
    expect(error.cause).toMatchObject({ details: { field: "idempotencyKey" } });
    // Same lines in another order or split in two are the same request.
    const other = await newProduct({ stock: 10 });
    const key2 = unique("key");
    const placed = await caller.order.create({
      idempotencyKey: key2,
      lines: [
        { productId: product.id, quantity: 2 },
        { productId: other.id, quantity: 1 },
      ],
    });
    const same = await caller.order.create({
      idempotencyKey: key2,
      lines: [
        { productId: other.id, quantity: 1 },
        { productId: product.id, quantity: 1 },
        { productId: product.id, quantity: 1 },
      ],
    });
    expect(same).toMatchObject({ id: placed.id, replayed: true });

    await caller.cart.add({ productId: product.id, quantity: 3 });
    await expectTrpcError(caller.cart.checkout({ idempotencyKey: key }), "CONFLICT", "IDEMPOTENCY_KEY_REUSED");
    expect((await caller.cart.get()).items).toHaveLength(1);
    expect(await ledgerSum(product.id)).toBe(10 - 1 - 2);
  });

  it("keys are per customer: two customers may use the same key", async () => {
    const product = await newProduct({ stock: 10 });
    const key = unique("shared");
    const a = await (await newCustomer()).caller.order.create({ idempotencyKey: key, lines: [{ productId: product.id, quantity: 1 }] });
    const b = await (await newCustomer()).caller.order.create({ idempotencyKey: key, lines: [{ productId: product.id, quantity: 1 }] });
    expect(a.id).not.toBe(b.id);
  });

  it("two simultaneous requests with one key place one order", async () => {
    const { caller } = await newCustomer();
    const product = await newProduct({ stock: 10 });
    const key = unique("race");
    const lines = [{ productId: product.id, quantity: 2 }];
    const results = await Promise.all(Array.from({ length: 5 }, () => caller.order.create({ idempotencyKey: key, lines })));
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(await ledgerSum(product.id)).toBe(8);
  });
});
