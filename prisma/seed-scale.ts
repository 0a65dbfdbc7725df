/**
 * Bulk data for query plans and benchmarks: N products, M orders with 1-3 lines each, C customers,
 * generated inside the database (generate_series), so 100,000 orders take seconds, not minutes.
 * Rows are deterministic (derived from their sequence number) and marked with a `scale-` id prefix.
 * The ledger invariant holds: each product's stock enters as one RECEIVED movement.
 */
import type { Db } from "../src/server/db/client";

export interface Scale {
  products: number;
  orders: number;
  customers: number;
}

export const defaultScale: Scale = { products: 50_000, orders: 100_000, customers: 1_000 };

export async function seedScale(db: Db, scale: Scale): Promise<void> {
  if (await db.product.findFirst({ where: { id: { startsWith: "scale-" } }, select: { id: true } })) {
    throw new Error("This database already holds scale data; run it on a fresh database (npm run db:reset first).");
  }
  const { products, orders, customers } = scale;
  const steps: [string, string][] = [
    [
      `${customers} customers`,
      `INSERT INTO "User" ("id", "email", "name", "role", "createdAt", "updatedAt")
       SELECT 'scale-u-' || n, 'scale-customer-' || n || '@stockroom.test', 'Scale Customer ' || n, 'CUSTOMER', now(), now()
       FROM generate_series(1, ${customers}) AS n`,
    ],
    [
      `${products} products`,
      `INSERT INTO "Product" ("id", "sku", "name", "description", "priceMinor", "currency", "stock", "lowStockThreshold", "active", "createdAt", "updatedAt")
       SELECT 'scale-p-' || n, 'SC-' || lpad(n::text, 7, '0'),
              (ARRAY['Stoneware','Enamel','Linen','Waxed','Cedar','Brass','Woollen','Ceramic','Bamboo','Kraft'])[1 + n % 10] || ' ' ||
              (ARRAY['Mug','Bowl','Tote','Candle','Notebook','Planter','Blanket','Pen','Apron','Tray'])[1 + (n / 10) % 10] || ' ' || n,
              'Generated product ' || n, 200 + (n * 7919) % 20000, 'EUR', (n * 31) % 200, 10, n % 20 <> 0,
              now() - ((n % 365) || ' days')::interval, now() - ((n % 500) || ' hours')::interval
       FROM generate_series(1, ${products}) AS n`,
    ],
    [
      "opening stock movements",
      `INSERT INTO "StockMovement" ("productId", "delta", "reason", "note", "stockAfter", "actorType")
       SELECT "id", "stock", 'RECEIVED', 'Scale seed', "stock", 'SYSTEM' FROM "Product" WHERE "id" LIKE 'scale-p-%' AND "stock" > 0`,
    ],
    [
      `${orders} orders`,
      `INSERT INTO "Order" ("id", "customerId", "status", "currency", "subtotalMinor", "totalMinor", "createdAt", "updatedAt")
       SELECT 'scale-o-' || n, 'scale-u-' || (1 + (n * 7) % ${customers}),
              (ARRAY['PENDING','PAID','FULFILLED','SHIPPED','DELIVERED','DELIVERED','DELIVERED','CANCELLED'])[1 + n % 8]::"OrderStatus",
              'EUR', 0, 0, now() - (n || ' minutes')::interval, now() - (n || ' minutes')::interval + interval '1 hour'
       FROM generate_series(1, ${orders}) AS n`,
    ],
    [
      "order lines",
      `INSERT INTO "OrderLine" ("id", "orderId", "productId", "sku", "name", "unitPriceMinor", "quantity", "lineTotalMinor")
       SELECT 'scale-l-' || o || '-' || l, 'scale-o-' || o, p."id", p."sku", p."name", p."priceMinor", 1 + (o + l) % 3, p."priceMinor" * (1 + (o + l) % 3)
       FROM generate_series(1, ${orders}) AS o
       CROSS JOIN LATERAL generate_series(1, 1 + o % 3) AS l
       JOIN "Product" p ON p."id" = 'scale-p-' || (1 + (o * 13 + l * 101) % ${products})`,
    ],
    [
      "order totals",
      `UPDATE "Order" o SET "subtotalMinor" = t.total, "totalMinor" = t.total
       FROM (SELECT "orderId", sum("lineTotalMinor")::int AS total FROM "OrderLine" WHERE "orderId" LIKE 'scale-o-%' GROUP BY "orderId") t
       WHERE o."id" = t."orderId"`,
    ],
    [
      "order history",
      `INSERT INTO "OrderStatusChange" ("orderId", "fromStatus", "toStatus", "actorType", "actorId", "at")
       SELECT "id", NULL, 'PENDING', 'USER', "customerId", "createdAt" FROM "Order" WHERE "id" LIKE 'scale-o-%'`,
    ],
    ["statistics", `ANALYZE`],
  ];
  for (const [label, sql] of steps) {
    const started = performance.now();
    await db.$executeRawUnsafe(sql);
    console.log(`  ${label.padEnd(26)} ${Math.round(performance.now() - started)} ms`);
  }
}
