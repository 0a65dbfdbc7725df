import { describe, expect, it } from "vitest";
import { demoOrders, prng, seedProducts } from "../../prisma/seed";
import { getDatabase } from "../../src/server/db";
import { apiKey, expectTrpcError, invalidFields, ledgerSum, newCustomer, newProduct, unique, userCaller } from "./helpers";

describe("stock adjustments and the ledger", () => {
  it("records each adjustment with its reason, note, sign and the stock after it", async () => {
    const staff = await userCaller("staff");
    const product = await newProduct({ stock: 10 });
    await staff.stock.adjust({ productId: product.id, reason: "RECEIVED", delta: 12, note: "Delivery 4411" });
    await staff.stock.adjust({ productId: product.id, reason: "DAMAGED", delta: -2, note: "Dropped" });
    await staff.stock.adjust({ productId: product.id, reason: "CORRECTION", delta: -5 });
    const after = await staff.stock.adjust({ productId: product.id, reason: "RETURNED", delta: 1 });
    expect(after.stock).toBe(16);
    const { items } = await staff.stock.movements({ productId: product.id });
    expect(items.map((m) => [m.reason, m.delta, m.stockAfter, m.note])).toEqual([
      ["RETURNED", 1, 16, ""],
      ["CORRECTION", -5, 15, ""],
      ["DAMAGED", -2, 20, "Dropped"],
      ["RECEIVED", 12, 22, "Delivery 4411"],
      ["RECEIVED", 10, 10, "Opening stock"],
    ]);
  });

  it("refuses a delta whose sign does not fit the reason, naming the field", async () => {
    const staff = await userCaller("staff");
    const product = await newProduct({ stock: 3 });
    for (const [reason, delta] of [
      ["RECEIVED", -1],
      ["RETURNED", -1],
      ["DAMAGED", 2],
      ["CORRECTION", 0],
    ] as const) {
      const error = await expectTrpcError(staff.stock.adjust({ productId: product.id, reason, delta }), "BAD_REQUEST");
      expect(invalidFields(error)).toEqual(["delta"]);
    }
    await expectTrpcError(staff.stock.adjust({ productId: product.id, reason: "SALE" as "RECEIVED", delta: -1 }), "BAD_REQUEST");
  });

  it("never lets stock go below zero: 422 with the stock there is, and nothing written", async () => {
    const staff = await userCaller("staff");
    const product = await newProduct({ stock: 3 });
    const error = await expectTrpcError(
      staff.stock.adjust({ productId: product.id, reason: "DAMAGED", delta: -4 }),
      "UNPROCESSABLE_CONTENT",
      "STOCK_WOULD_GO_NEGATIVE",
    );
    expect(error.cause).toMatchObject({ details: { field: "delta", stock: 3 } });
    expect((await staff.products.byId({ id: product.id })).stock).toBe(3);
    expect(await ledgerSum(product.id)).toBe(3);
    await expectTrpcError(
      staff.stock.adjust({ productId: "no-such-product", reason: "RECEIVED", delta: 1 }),
      "NOT_FOUND",
      "PRODUCT_NOT_FOUND",
    );
  });

  it("is append-only: the database refuses to edit or delete a movement", async () => {
    const product = await newProduct({ stock: 1 });
    const { db } = getDatabase();
    await expect(db.$executeRawUnsafe(`UPDATE "StockMovement" SET "delta" = 100 WHERE "productId" = $1`, product.id)).rejects.toThrow(
      /append-only/,
    );
    await expect(db.$executeRawUnsafe(`DELETE FROM "StockMovement" WHERE "productId" = $1`, product.id)).rejects.toThrow(/append-only/);
  });

  it("needs stock:write: a products:write key cannot adjust, a stock:write key can", async () => {
    const product = await newProduct({ stock: 1 });
    await expectTrpcError(
      (await apiKey(["products:write"])).caller.stock.adjust({ productId: product.id, reason: "RECEIVED", delta: 1 }),
      "FORBIDDEN",
    );
    const key = await apiKey(["stock:write"]);
    expect((await key.caller.stock.adjust({ productId: product.id, reason: "RECEIVED", delta: 4 })).stock).toBe(5);
    const [latest] = (await (await userCaller("staff")).stock.movements({ productId: product.id, limit: 1 })).items;
    expect(latest).toMatchObject({ actorType: "API_KEY", actorId: key.key.id });
  });

  it("pages through a long ledger newest first", async () => {
    const staff = await userCaller("staff");
    const product = await newProduct({ stock: 1 });
    for (let i = 0; i < 5; i++) await staff.stock.adjust({ productId: product.id, reason: "RECEIVED", delta: i + 1 });
    const first = await staff.stock.movements({ productId: product.id, limit: 4 });
    const second = await staff.stock.movements({ productId: product.id, limit: 4, cursor: first.nextCursor });
    expect([...first.items, ...second.items].map((m) => m.delta)).toEqual([5, 4, 3, 2, 1, 1]);
    expect(second.nextCursor).toBeNull();
  });
});

describe("the stock invariant", () => {
  it("stock equals the sum of movements after 120 random adjustments, checkouts and cancellations", async () => {
    const random = prng(Number(process.env.STOCK_INVARIANT_SEED ?? 4242));
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
    const staff = await userCaller("staff");
    const products = [await newProduct({ stock: 5 }), await newProduct({ stock: 0 }), await newProduct({ stock: 20 })];
    const { caller: customer } = await newCustomer();
    const orders: string[] = [];
    const outcomes = { ok: 0, refused: 0 };

    for (let step = 0; step < 120; step++) {
      const product = pick(products);
      const action = pick(["received", "damaged", "correction", "checkout", "cancel", "advance"] as const);
      const attempt = (async () => {
        switch (action) {
          case "received":
            return staff.stock.adjust({ productId: product.id, reason: "RECEIVED", delta: 1 + Math.floor(random() * 5) });
          case "damaged":
            return staff.stock.adjust({ productId: product.id, reason: "DAMAGED", delta: -1 - Math.floor(random() * 4) });
          case "correction":
            return staff.stock.adjust({ productId: product.id, reason: "CORRECTION", delta: pick([-3, -1, 2, 6]) });
          case "checkout": {
            const lines = products.filter(() => random() < 0.6).map((p) => ({ productId: p.id, quantity: 1 + Math.floor(random() * 3) }));
            const order = await customer.order.create({
              idempotencyKey: unique("inv"),
              lines: lines.length ? lines : [{ productId: product.id, quantity: 1 }],
            });
            orders.push(order.id);
            return order;
          }
          case "cancel":
            return orders.length ? staff.order.transition({ id: pick(orders), to: "CANCELLED" }) : null;
          case "advance":
            return orders.length ? staff.order.transition({ id: pick(orders), to: pick(["PAID", "FULFILLED"] as const) }) : null;
        }
      })();
      await attempt.then(
        () => (outcomes.ok += 1),
        () => (outcomes.refused += 1),
      );
      for (const p of products) {
        const { stock } = await getDatabase().db.product.findUniqueOrThrow({ where: { id: p.id }, select: { stock: true } });
        expect(stock, `step ${step} (${action})`).toBe(await ledgerSum(p.id));
        expect(stock).toBeGreaterThanOrEqual(0);
      }
    }
    // The sequence exercised both paths: operations that applied and ones refused (no stock, illegal transitions).
    expect(outcomes.ok).toBeGreaterThan(30);
    expect(outcomes.refused).toBeGreaterThan(5);
  });
});

describe("the demo data's ledger", () => {
  it("is whole: every product's stock is its movements' sum, and every demo order line has its sale", async () => {
    const { db } = getDatabase();
    const products = await db.product.findMany({
      where: { sku: { in: seedProducts().map((p) => p.sku) } },
      select: { id: true, sku: true, stock: true },
    });
    expect(products).toHaveLength(48);
    for (const product of products) expect([product.sku, await ledgerSum(product.id)]).toEqual([product.sku, product.stock]);
    for (const order of demoOrders) {
      const sales = await db.stockMovement.findMany({
        where: { orderId: order.id },
        select: { reason: true, delta: true, product: { select: { sku: true } } },
      });
      expect(sales.map((m) => [m.reason, m.product.sku, m.delta]).sort()).toEqual(
        order.lines.map(([sku, quantity]) => ["SALE", sku, -quantity]).sort(),
      );
    }
  });
});
