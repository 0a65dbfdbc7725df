import { describe, expect, it } from "vitest";
import { getDatabase } from "../../src/server/db";
import { expectTrpcError, guestCaller, newCustomer, newProduct, unique, userCaller, apiKey } from "./helpers";

/** A UTC day `daysAgo` before the database's today, as the reports spell it. */
async function utcDay(daysAgo: number): Promise<string> {
  const [row] = await getDatabase().db.$queryRawUnsafe<{ day: string }[]>(
    `SELECT to_char(now() AT TIME ZONE 'UTC' - interval '${daysAgo} days', 'YYYY-MM-DD') AS day`,
  );
  return row!.day;
}

/** Places an order for `quantity` of `product`, then moves its placing time `daysAgo` days back. */
async function orderPlaced(product: { id: string }, quantity: number, daysAgo = 0) {
  const customer = await newCustomer();
  const order = await customer.caller.order.create({ idempotencyKey: unique("key"), lines: [{ productId: product.id, quantity }] });
  if (daysAgo) {
    // Fixture only: an order placed in the past, as if the shop had been open then.
    await getDatabase().db.$executeRawUnsafe(
      `UPDATE "Order" SET "createdAt" = now() - interval '${daysAgo} days' WHERE "id" = $1`,
      order.id,
    );
  }
  return order;
}

/**
 * The best sellers' summary against the orders themselves, in one statement (one snapshot, so orders other
 * files place meanwhile cannot tear it): the rows of each side the other lacks. Empty when the triggers kept
 * the per-day rows and the window's totals exactly.
 */
async function summaryDrift() {
  return getDatabase().db.$queryRawUnsafe<unknown[]>(`
    WITH sold AS (
      SELECT o."createdAt"::date AS day, l."productId", o."currency", sum(l."quantity")::int AS units, sum(l."lineTotalMinor")::bigint AS revenue
        FROM "OrderLine" l JOIN "Order" o ON o."id" = l."orderId" WHERE o."status" <> 'CANCELLED' GROUP BY 1, 2, 3
    ), days AS (SELECT "day", "productId", "currency", "units", "revenueMinor" AS revenue FROM "ProductSalesDay" WHERE "units" <> 0),
    window_sold AS (
      SELECT "productId", "currency", sum(units)::int AS units, sum(revenue)::bigint AS revenue FROM sold
       WHERE day >= (SELECT "firstDay" FROM "ProductSalesWindowState") GROUP BY 1, 2
    ), window_kept AS (SELECT "productId", "currency", "units", "revenueMinor" AS revenue FROM "ProductSalesWindow" WHERE "units" <> 0)
    (SELECT 'day missing' AS drift, day::text, "productId", units FROM (SELECT * FROM sold EXCEPT SELECT * FROM days) AS d)
    UNION ALL (SELECT 'day extra', day::text, "productId", units FROM (SELECT * FROM days EXCEPT SELECT * FROM sold) AS d)
    UNION ALL (SELECT 'window missing', NULL, "productId", units FROM (SELECT * FROM window_sold EXCEPT SELECT * FROM window_kept) AS w)
    UNION ALL (SELECT 'window extra', NULL, "productId", units FROM (SELECT * FROM window_kept EXCEPT SELECT * FROM window_sold) AS w)`);
}

/** Where the best sellers' window starts (YYYY-MM-DD). */
async function windowFirstDay(): Promise<string> {
  const [row] = await getDatabase().db.$queryRawUnsafe<{ day: string }[]>(
    `SELECT to_char("firstDay", 'YYYY-MM-DD') AS day FROM "ProductSalesWindowState"`,
  );
  return row!.day;
}

// Each test sells in a currency no other test (and not the demo data) uses, so its figures are its own.
describe("report.* (the back-office dashboard)", () => {
  it("sales: orders and revenue per UTC day and per window, cancelled orders left out, days without orders as zeros", async () => {
    const staff = await userCaller("staff");
    const product = await newProduct({ currency: "CHF", priceMinor: 1000, stock: 100 });
    await orderPlaced(product, 2); // today: 2000
    await orderPlaced(product, 1); // today: 1000
    await orderPlaced(product, 3, 3); // 3 days ago: 3000
    await orderPlaced(product, 4, 20); // 20 days ago: 4000
    await orderPlaced(product, 5, 45); // outside the 30 days
    const cancelled = await orderPlaced(product, 6);
    await staff.order.transition({ id: cancelled.id, to: "CANCELLED" });

    const sales = await staff.report.sales();
    const chf = sales.days.filter((d) => d.currency === "CHF");
    expect(chf).toHaveLength(30);
    expect(chf.at(-1)).toEqual({ day: await utcDay(0), currency: "CHF", orders: 2, revenueMinor: 3000 });
    const [threeDaysAgo, twentyDaysAgo] = [await utcDay(3), await utcDay(20)];
    expect(chf.find((d) => d.day === threeDaysAgo)).toMatchObject({ orders: 1, revenueMinor: 3000 });
    expect(chf.find((d) => d.day === twentyDaysAgo)).toMatchObject({ orders: 1, revenueMinor: 4000 });
    expect(chf.filter((d) => d.orders > 0)).toHaveLength(3);
    expect(chf[0]!.day).toBe(await utcDay(29));

    const totals = Object.fromEntries(sales.totals.filter((t) => t.currency === "CHF").map((t) => [t.window, t]));
    expect(totals["today"]).toMatchObject({ orders: 2, revenueMinor: 3000, averageOrderMinor: 1500 });
    expect(totals["7 days"]).toMatchObject({ orders: 3, revenueMinor: 6000, averageOrderMinor: 2000 });
    expect(totals["30 days"]).toMatchObject({ orders: 4, revenueMinor: 10000, averageOrderMinor: 2500 });
  });

  it("orders by status: every status in lifecycle order, following transitions", async () => {
    const staff = await userCaller("staff");
    const before = new Map((await staff.report.ordersByStatus()).map((s) => [s.status, s.orders]));
    const product = await newProduct({ stock: 10 });
    const paid = await orderPlaced(product, 1);
    await orderPlaced(product, 1);
    await staff.order.transition({ id: paid.id, to: "PAID" });

    const after = await staff.report.ordersByStatus();
    expect(after.map((s) => s.status)).toEqual(["PENDING", "PAID", "FULFILLED", "SHIPPED", "DELIVERED", "CANCELLED"]);
    const count = new Map(after.map((s) => [s.status, s.orders]));
    expect(count.get("PENDING")).toBe(before.get("PENDING")! + 1);
    expect(count.get("PAID")).toBe(before.get("PAID")! + 1);
    expect(count.get("SHIPPED")).toBe(before.get("SHIPPED"));
  });

  it("top products: by units across currencies and by revenue within each currency, last 30 days only", async () => {
    const staff = await userCaller("staff");
    // Quantities far above the demo data's, so these lead the units list.
    const cheap = await newProduct({ currency: "NOK", priceMinor: 10, stock: 5000 });
    const dear = await newProduct({ currency: "NOK", priceMinor: 100_000, stock: 5000 });
    const old = await newProduct({ currency: "NOK", priceMinor: 100, stock: 5000 });
    await orderPlaced(cheap, 900);
    await orderPlaced(cheap, 100, 10);
    await orderPlaced(dear, 800);
    await orderPlaced(old, 999, 31);

    const top = await staff.report.topProducts();
    expect(top.byUnits.slice(0, 2).map((p) => [p.productId, p.units, p.revenueMinor])).toEqual([
      [cheap.id, 1000, 10_000],
      [dear.id, 800, 80_000_000],
    ]);
    expect(top.byUnits).toHaveLength(5);
    const nok = top.byRevenue.filter((p) => p.currency === "NOK");
    expect(nok.map((p) => p.productId)).toEqual([dear.id, cheap.id]);
    expect(top.byRevenue.map((p) => p.productId)).not.toContain(old.id);
    expect(nok[0]).toMatchObject({ sku: dear.sku, name: dear.name });
  });

  it("top products come from a summary the sales triggers keep: cancellations and corrected dates move the figures", async () => {
    const staff = await userCaller("staff");
    const product = await newProduct({ currency: "CZK", priceMinor: 5_000, stock: 10_000 });
    const other = await newProduct({ currency: "CZK", priceMinor: 7, stock: 10_000 });
    const kept = await orderPlaced(product, 700);
    // One order with both products: its lines arrive in one statement.
    const customer = await newCustomer();
    const both = await customer.caller.order.create({
      idempotencyKey: unique("key"),
      lines: [
        { productId: product.id, quantity: 300 },
        { productId: other.id, quantity: 2 },
      ],
    });
    const czk = async () => (await staff.report.topProducts()).byRevenue.filter((p) => p.currency === "CZK");
    expect((await czk()).map((p) => [p.productId, p.units, p.revenueMinor])).toEqual([
      [product.id, 1000, 5_000_000],
      [other.id, 2, 14],
    ]);

    await staff.order.transition({ id: both.id, to: "CANCELLED" });
    expect((await czk()).map((p) => [p.productId, p.units])).toEqual([[product.id, 700]]);
    // Moved out of the window (a corrected placing time): its figures leave with it.
    await getDatabase().db.$executeRawUnsafe(`UPDATE "Order" SET "createdAt" = now() - interval '40 days' WHERE "id" = $1`, kept.id);
    expect(await czk()).toEqual([]);
    expect(await summaryDrift()).toEqual([]);
  });

  it("the window moves a day at a time: days it leaves drop out of the totals, and the next read moves it", async () => {
    const staff = await userCaller("staff");
    const product = await newProduct({ currency: "RON", priceMinor: 100, stock: 1000 });
    const current = await windowFirstDay();
    // As if the window had last moved six days ago: it then reached back 35 days.
    await getDatabase().db.$executeRawUnsafe(`SELECT "stockroom_move_sales_window"($1::date - 6)`, current);
    expect(await windowFirstDay()).toBe(await utcDay(35));
    await orderPlaced(product, 40, 32);
    await orderPlaced(product, 2);
    const [held] = await getDatabase().db.$queryRawUnsafe<{ units: number }[]>(
      `SELECT "units" FROM "ProductSalesWindow" WHERE "productId" = $1`,
      product.id,
    );
    expect(held!.units).toBe(42);
    expect(await summaryDrift()).toEqual([]);

    const top = await staff.report.topProducts();
    expect(await windowFirstDay()).toBe(current);
    expect(top.byRevenue.filter((p) => p.currency === "RON").map((p) => p.units)).toEqual([2]);
    expect(await summaryDrift()).toEqual([]);
  });

  it("concurrent checkouts and cancellations of the same products keep the summary exact (no deadlock)", async () => {
    const staff = await userCaller("staff");
    const products = await Promise.all([1, 2, 3].map(() => newProduct({ currency: "ISK", priceMinor: 300, stock: 1000 })));
    const customer = await newCustomer();
    const place = (i: number) =>
      customer.caller.order.create({
        idempotencyKey: unique("key"),
        lines: products.filter((_, j) => j !== i % 3).map((p) => ({ productId: p.id, quantity: 1 + (i % 4) })),
      });
    const first = await Promise.all([0, 1, 2, 3, 4, 5].map(place));
    await Promise.all([
      ...first.filter((_, i) => i % 2 === 0).map((order) => staff.order.transition({ id: order.id, to: "CANCELLED" })),
      ...[6, 7, 8, 9, 10, 11].map(place),
    ]);
    expect(await summaryDrift()).toEqual([]);
    const isk = (await staff.report.topProducts()).byRevenue.filter((p) => p.currency === "ISK");
    const [sold] = await getDatabase().db.$queryRawUnsafe<{ units: number }[]>(
      `SELECT sum(l."quantity")::int AS units FROM "OrderLine" l JOIN "Order" o ON o."id" = l."orderId"
        WHERE o."currency" = 'ISK' AND o."status" <> 'CANCELLED' AND l."productId" = ANY($1::text[])`,
      products.map((p) => p.id),
    );
    expect(isk.reduce((sum, p) => sum + p.units, 0)).toBe(sold!.units);
  });

  it("inventory: per currency units, value at price, low and out of stock; the products that need stock", async () => {
    const staff = await userCaller("staff");
    const plenty = await newProduct({ currency: "SEK", priceMinor: 250, stock: 40, lowStockThreshold: 5 });
    const low = await newProduct({ currency: "SEK", priceMinor: 1000, stock: 3, lowStockThreshold: 5 });
    const out = await newProduct({ currency: "SEK", priceMinor: 700, stock: 0, lowStockThreshold: 5 });
    const archived = await newProduct({ currency: "SEK", priceMinor: 9999, stock: 9 });
    await staff.products.archive({ id: archived.id });

    const inventory = await staff.report.inventory();
    expect(inventory.currencies.find((c) => c.currency === "SEK")).toEqual({
      currency: "SEK",
      products: 3,
      units: 43,
      valueMinor: 40 * 250 + 3 * 1000,
      lowStock: 1,
      outOfStock: 1,
    });
    const ids = inventory.needsStock.map((p) => p.id);
    expect(ids).toContain(out.id);
    expect(ids).not.toContain(plenty.id);
    expect(ids).not.toContain(archived.id);
    expect(inventory.needsStock.map((p) => p.stock)).toEqual([...inventory.needsStock.map((p) => p.stock)].sort((a, b) => a - b));
    // A short list, fewest first: the low product is on it, or it is full of products with no more stock.
    expect(ids.includes(low.id) || (ids.length === 10 && inventory.needsStock.every((p) => p.stock <= low.stock))).toBe(true);
  });

  it("is for staff, admins and reports:read keys; customers, guests and other keys are refused", async () => {
    await expect((await userCaller("admin")).report.inventory()).resolves.toBeTruthy();
    await expectTrpcError((await userCaller("customer")).report.sales(), "FORBIDDEN");
    await expectTrpcError(guestCaller().report.ordersByStatus(), "UNAUTHORIZED");
    const reader = await apiKey(["reports:read"]);
    await expect(reader.caller.report.topProducts()).resolves.toBeTruthy();
    const ordersOnly = await apiKey(["orders:read"]);
    await expectTrpcError(ordersOnly.caller.report.sales(), "FORBIDDEN");
  });
});
