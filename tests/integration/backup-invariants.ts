/** What a restored database must satisfy, and a few orders to give it something to hold (backup tests). */
import { openDatabase } from "../../src/server/db/client";
import type { DatabaseTarget } from "../../src/server/db/target";
import { newCustomer, newProduct } from "./helpers";

/** What must hold in any database Stockroom wrote: each a count of the rows that break it (0 when it holds). */
export const invariants = {
  "stock differs from the ledger's sum": `SELECT count(*) FROM "Product" p
     WHERE p."stock" <> COALESCE((SELECT sum("delta") FROM "StockMovement" m WHERE m."productId" = p."id"), 0)`,
  "an order without lines": `SELECT count(*) FROM "Order" o WHERE NOT EXISTS (SELECT 1 FROM "OrderLine" l WHERE l."orderId" = o."id")`,
  "an order without its first status": `SELECT count(*) FROM "Order" o
     WHERE NOT EXISTS (SELECT 1 FROM "OrderStatusChange" c WHERE c."orderId" = o."id" AND c."fromStatus" IS NULL AND c."toStatus" = 'PENDING')`,
  "a sale without its order": `SELECT count(*) FROM "StockMovement" m
     WHERE m."orderId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "Order" o WHERE o."id" = m."orderId")`,
  "an order line without its sale": `SELECT count(*) FROM "OrderLine" l WHERE NOT EXISTS
     (SELECT 1 FROM "StockMovement" m WHERE m."orderId" = l."orderId" AND m."productId" = l."productId" AND m."reason" = 'SALE')`,
  "an order whose total is not its lines'": `SELECT count(*) FROM "Order" o
     WHERE o."subtotalMinor" <> (SELECT sum("lineTotalMinor") FROM "OrderLine" l WHERE l."orderId" = o."id")`,
};

/** Broken-invariant counts and row counts of a database, read through its own handle. */
export async function inspect(target: DatabaseTarget) {
  const handle = openDatabase(target, { poolSize: 2 });
  try {
    const broken: Record<string, number> = {};
    for (const [name, sql] of Object.entries(invariants)) {
      const [row] = await handle.db.$queryRawUnsafe<{ count: bigint }[]>(sql);
      broken[name] = Number(row!.count);
    }
    return { broken, orders: await handle.db.order.count(), products: await handle.db.product.count() };
  } finally {
    await handle.close();
  }
}

export const allHold = Object.fromEntries(Object.keys(invariants).map((name) => [name, 0]));

export async function placeOrders(count: number) {
  const customer = await newCustomer();
  const products = await Promise.all([newProduct({ stock: 1_000 }), newProduct({ stock: 1_000 })]);
  for (let i = 0; i < count; i++)
    await customer.caller.order.create({
      idempotencyKey: crypto.randomUUID(),
      lines: products.map((p, n) => ({ productId: p.id, quantity: 1 + ((i + n) % 3) })),
    });
}
