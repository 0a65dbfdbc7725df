/**
 * Checkout's write, as one SQL statement: Prisma's interactive transaction costs a round trip and the
 * client's work per statement, and a checkout was eleven of them, each holding the connection (and the
 * product rows' locks) while the next one travelled. The statement's result is checked with zod, so what
 * the code reads is typed as surely as a Prisma result (docs/performance.md, "Checkout").
 */
import { z } from "zod";
import { Prisma } from "@/generated/prisma/client";
import type { DbClient } from "../db";
import type { CheckoutLine } from "./checkout";

/** A product as the probe reads it (JSON). */
const snapshotRow = z.object({
  id: z.string(),
  sku: z.string(),
  name: z.string(),
  stock: z.number().int(),
  active: z.boolean(),
  currency: z.string(),
  priceMinor: z.number().int(),
});

const probeRow = z.object({ existing: z.string().nullable(), fingerprint: z.string().nullable(), products: z.array(snapshotRow) });

/**
 * The order this key placed, if any, and the products' committed state, in one statement (run after the
 * key's lock, so it sees an order that a racing request with the key committed). Exported with the write
 * below so that the benchmark's references send exactly this SQL.
 */
export function orderProbeSql(customerId: string, idempotencyKey: string, productIds: string[]): Prisma.Sql {
  return Prisma.sql`
    SELECT o."id" AS "existing", o."idempotencyFingerprint" AS "fingerprint",
      (SELECT coalesce(json_agg(json_build_object('id', p."id", 'sku', p."sku", 'name', p."name", 'stock', p."stock", 'active', p."active",
         'currency', p."currency", 'priceMinor', p."priceMinor")), '[]'::json)
       FROM "Product" p WHERE p."id" = ANY(${productIds}::text[])) AS "products"
    FROM (SELECT 1) AS one
    LEFT JOIN "Order" o ON o."customerId" = ${customerId} AND o."idempotencyKey" = ${idempotencyKey}`;
}

export async function probeOrder(db: DbClient, customerId: string, idempotencyKey: string, productIds: string[]) {
  const [row] = await db.$queryRaw<unknown[]>(orderProbeSql(customerId, idempotencyKey, productIds));
  return probeRow.parse(row);
}

export interface OrderWrite {
  orderId: string;
  customerId: string;
  idempotencyKey: string;
  fingerprint: string;
  /** Normalised: one per product, sorted by product id. */
  lines: CheckoutLine[];
  /** One new id per line, in the same order. */
  lineIds: string[];
  actor: { actorType: "USER" | "API_KEY" | "SYSTEM"; actorId: string | null };
  at: Date;
  maxTotalMinor: number;
}

const takenRow = z.object({
  id: z.string(),
  sku: z.string(),
  name: z.string(),
  priceMinor: z.number().int(),
  currency: z.string(),
  /** The stock after this sale. */
  stock: z.number().int(),
  lowStockThreshold: z.number().int(),
  placed: z.boolean(),
  /** The order's number (its column default), when it was placed. */
  number: z.number().int().nullable(),
});

/**
 * Locks the lines' products in id order (a fixed order: two checkouts never deadlock), takes each line's
 * quantity where the product is active and has enough (re-checked on the newest row after any wait: never
 * oversold), and only if every line was taken, in one currency, under the total limit, inserts the order,
 * its lines, its first status and one SALE movement per line (stock after, so the ledger stays equal to the
 * stock). Returns the products taken and whether the order was placed; when it was not, the caller must
 * roll the transaction back (stock may have been taken for some lines).
 */
export async function takeStockAndWriteOrder(
  db: DbClient,
  write: OrderWrite,
): Promise<{ placed: boolean; number: number | null; rows: z.infer<typeof takenRow>[] }> {
  const taken = z.array(takenRow).parse(await db.$queryRaw<unknown[]>(orderWriteSql(write)));
  return { placed: taken.length > 0 && taken[0]!.placed, number: taken[0]?.number ?? null, rows: taken };
}

/** The statement `takeStockAndWriteOrder` runs. */
export function orderWriteSql(write: OrderWrite): Prisma.Sql {
  const productIds = write.lines.map((l) => l.productId);
  const quantities = write.lines.map((l) => l.quantity);
  const { actorType, actorId } = write.actor;
  return Prisma.sql`
    WITH wanted AS (
      SELECT * FROM unnest(${productIds}::text[], ${quantities}::int[], ${write.lineIds}::text[]) AS w("productId", "quantity", "lineId")
    ),
    locked AS MATERIALIZED (
      SELECT p."id" FROM "Product" p WHERE p."id" = ANY(${productIds}::text[]) ORDER BY p."id" FOR UPDATE
    ),
    taken AS (
      UPDATE "Product" p SET "stock" = p."stock" - w."quantity", "updatedAt" = ${write.at}
      FROM wanted w
      WHERE p."id" = w."productId" AND p."id" IN (SELECT "id" FROM locked) AND p."active" AND p."stock" >= w."quantity"
      RETURNING p."id", p."sku", p."name", p."priceMinor", p."currency", p."stock", p."lowStockThreshold", w."quantity", w."lineId"
    ),
    complete AS (
      SELECT count(*) = ${productIds.length} AND count(DISTINCT "currency") = 1
        AND sum("priceMinor"::bigint * "quantity") <= ${write.maxTotalMinor} AS "ok",
        sum("priceMinor"::bigint * "quantity") AS "subtotal", min("currency") AS "currency"
      FROM taken
    ),
    placed AS (
      INSERT INTO "Order" ("id", "customerId", "status", "currency", "subtotalMinor", "totalMinor", "idempotencyKey", "idempotencyFingerprint", "createdAt", "updatedAt")
      SELECT ${write.orderId}, ${write.customerId}, 'PENDING'::"OrderStatus", c."currency", c."subtotal"::int, c."subtotal"::int, ${write.idempotencyKey}, ${write.fingerprint}, ${write.at}, ${write.at}
      FROM complete c WHERE c."ok"
      RETURNING "id", "number"
    ),
    lines AS (
      INSERT INTO "OrderLine" ("id", "orderId", "productId", "sku", "name", "unitPriceMinor", "quantity", "lineTotalMinor")
      SELECT t."lineId", o."id", t."id", t."sku", t."name", t."priceMinor", t."quantity", t."priceMinor" * t."quantity" FROM placed o, taken t
    ),
    history AS (
      INSERT INTO "OrderStatusChange" ("orderId", "fromStatus", "toStatus", "actorType", "actorId", "at")
      SELECT o."id", NULL, 'PENDING'::"OrderStatus", ${actorType}::"ActorType", ${actorId}, ${write.at} FROM placed o
    ),
    movements AS (
      INSERT INTO "StockMovement" ("productId", "delta", "reason", "note", "stockAfter", "orderId", "actorType", "actorId", "at")
      SELECT t."id", -t."quantity", 'SALE'::"StockMovementReason", '', t."stock", o."id", ${actorType}::"ActorType", ${actorId}, ${write.at}
      FROM placed o, taken t
    )
    SELECT t."id", t."sku", t."name", t."priceMinor", t."currency", t."stock", t."lowStockThreshold", EXISTS (SELECT 1 FROM placed) AS "placed",
      (SELECT "number" FROM placed) AS "number"
    FROM taken t`;
}
