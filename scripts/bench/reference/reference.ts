/**
 * The benchmark's references (docs/performance.md): what Stockroom's procedures do for each scenario,
 * by hand on a `pg` pool. The SQL is the text Prisma sends for those procedures (captured from its query
 * log; `npm run bench` checks it still is), the JSON is what Stockroom answers. Used by the bare node:http
 * server (scripts/bench/bare-server.ts) and the plain Next.js route (src/app/api/bench/floor). Never part of
 * a normal build.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import pg from "pg";
import superjson from "superjson";
import { pageOf } from "@/server/cursor";
import type { ProductOutput } from "@/server/routers/storefront/product.output";
import { newRowId } from "@/server/db/row-id";
import { orderProbeSql, orderWriteSql } from "@/server/orders/checkout.sql";
import { productSearchSql } from "@/server/routers/storefront/search.sql";
import { variantUrls } from "@/server/images/variants";

// Prisma reads `timestamp(3)` columns as UTC; so must we.
pg.types.setTypeParser(1114, (text) => new Date(`${text.replace(" ", "T")}Z`));

const productColumns = `"public"."Product"."id", "public"."Product"."sku", "public"."Product"."name", "public"."Product"."description", "public"."Product"."priceMinor", "public"."Product"."currency", "public"."Product"."stock", "public"."Product"."updatedAt"`;
const orderColumns = `"public"."Order"."id", "public"."Order"."number", "public"."Order"."customerId", "public"."Order"."status"::text, "public"."Order"."currency", "public"."Order"."subtotalMinor", "public"."Order"."totalMinor", "public"."Order"."idempotencyKey", "public"."Order"."idempotencyFingerprint", "public"."Order"."createdAt", "public"."Order"."updatedAt"`;
const lineColumns = `"public"."OrderLine"."id", "public"."OrderLine"."productId", "public"."OrderLine"."sku", "public"."OrderLine"."name", "public"."OrderLine"."unitPriceMinor", "public"."OrderLine"."quantity", "public"."OrderLine"."lineTotalMinor", "public"."OrderLine"."orderId"`;
const historyColumns = `"public"."OrderStatusChange"."id", "public"."OrderStatusChange"."fromStatus"::text, "public"."OrderStatusChange"."toStatus"::text, "public"."OrderStatusChange"."actorType"::text, "public"."OrderStatusChange"."actorId", "public"."OrderStatusChange"."at", "public"."OrderStatusChange"."orderId"`;
const imageColumns = `"public"."ProductImage"."id", "public"."ProductImage"."productId", "public"."ProductImage"."alt", "public"."ProductImage"."position", "public"."ProductImage"."width", "public"."ProductImage"."height", "public"."ProductImage"."hash"`;
const productOrder = `ORDER BY "public"."Product"."name" ASC, "public"."Product"."id" ASC`;
const orderOrder = `ORDER BY "public"."Order"."createdAt" DESC, "public"."Order"."id" DESC`;

/** The statements, by name, as Prisma writes them for the procedures (`npm run bench` compares). */
export const referenceSql = {
  catalogFirstPage: `SELECT ${productColumns} FROM "public"."Product" WHERE "public"."Product"."active" = $1 ${productOrder} LIMIT $2 OFFSET $3`,
  catalogAfterCursor: `SELECT ${productColumns} FROM "public"."Product" WHERE ("public"."Product"."active" = $1 AND "public"."Product"."name" >= $2 AND ("public"."Product"."name" > $3 OR "public"."Product"."id" > $4)) ${productOrder} LIMIT $5 OFFSET $6`,
  mainImagesOfPage: `SELECT ${imageColumns} FROM "public"."ProductImage" WHERE ("public"."ProductImage"."productId" IN (%IDS%) AND "public"."ProductImage"."position" = $%N%) OFFSET $%M%`,
  imagesOfProduct: `SELECT ${imageColumns} FROM "public"."ProductImage" WHERE "public"."ProductImage"."productId" = $1 ORDER BY "public"."ProductImage"."position" ASC OFFSET $2`,
  productById: `SELECT ${productColumns} FROM "public"."Product" WHERE ("public"."Product"."id" = $1 AND "public"."Product"."active" = $2) LIMIT $3 OFFSET $4`,
  ordersOfCustomer: `SELECT ${orderColumns} FROM "public"."Order" WHERE "public"."Order"."customerId" = $1 ${orderOrder} LIMIT $2 OFFSET $3`,
  ordersByStatus: `SELECT ${orderColumns} FROM "public"."Order" WHERE "public"."Order"."status" = CAST($1::text AS "public"."OrderStatus") ${orderOrder} LIMIT $2 OFFSET $3`,
  linesOfOrders: `SELECT ${lineColumns} FROM "public"."OrderLine" WHERE "public"."OrderLine"."orderId" IN (%IDS%) ORDER BY "public"."OrderLine"."id" ASC OFFSET $%N%`,
  customersOfOrders: `SELECT "public"."User"."id", "public"."User"."email", "public"."User"."name" FROM "public"."User" WHERE "public"."User"."id" IN (%IDS%) OFFSET $%N%`,
  historyOfOrders: `SELECT ${historyColumns} FROM "public"."OrderStatusChange" WHERE "public"."OrderStatusChange"."orderId" IN (%IDS%) ORDER BY "public"."OrderStatusChange"."id" ASC OFFSET $%N%`,
  activeCustomer: `SELECT "public"."User"."id", "public"."User"."email", "public"."User"."name" FROM "public"."User" WHERE ("public"."User"."id" = $1 AND "public"."User"."active" = $2) LIMIT $3 OFFSET $4`,
  advisoryLock: `SELECT set_config('lock_timeout', $1, true), pg_advisory_xact_lock(hashtextextended($2, 0))`,
  insertEvent: `INSERT INTO "public"."Event" ("id","type","version","at","actorType","actorId","subjectId","payload") VALUES ($1,$2,$3,$4,CAST($5::text AS "public"."ActorType"),$6,$7,$8) RETURNING "public"."Event"."id"`,
  insertAudit: `INSERT INTO "public"."AuditEvent" ("at","actorType","actorId","action","targetType","targetId","outcome","reason","requestId","ip","userAgent") VALUES ($1,CAST($2::text AS "public"."ActorType"),$3,$4,$5,$6,CAST($7::text AS "public"."AuditOutcome"),$8,$9,$10,$11) RETURNING "public"."AuditEvent"."id"`,
} as const;

/** The replay path's read (not in \`referenceSql\`: the app's check places a new order, which never sends it). */
const replaySql = {
  orderByKey: `SELECT ${orderColumns} FROM "public"."Order" WHERE (("public"."Order"."customerId" = $1 AND "public"."Order"."idempotencyKey" = $2) AND 1=1) LIMIT $3 OFFSET $4`,
} as const;

export type Queryable = Pick<pg.Pool | pg.PoolClient, "query">;

type ProductRow = ProductOutput;

export function decodeCursor(raw: string | null | undefined): [string, string] | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as unknown;
    return Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === "string") ? (value as [string, string]) : null;
  } catch {
    return null;
  }
}

/** `storefront.list`: active products by name, keyset pagination, optional search (escaped like the app's). */
export async function catalogPage(db: pg.Pool, input: { limit: number; cursor?: [string, string] | null; search?: string }) {
  const take = String(input.limit + 1);
  let rows: ProductRow[];
  if (input.search) {
    // The app's own statements (src/server/routers/storefront/search.sql.ts), sent as they are.
    rows = await searchPage(db, input, input.search);
  } else {
    rows = input.cursor
      ? (await db.query<ProductRow>(referenceSql.catalogAfterCursor, [true, input.cursor[0], input.cursor[0], input.cursor[1], take, "0"]))
          .rows
      : (await db.query<ProductRow>(referenceSql.catalogFirstPage, [true, take, "0"])).rows;
  }
  const page = pageOf(rows, input.limit, (last) => [last.name, last.id]);
  // Each card's main picture, in one statement, as the app reads them (products/image.output.ts).
  const images = new Map<string, ImageOutput>();
  if (page.items.length) {
    const n = page.items.length;
    const sql = referenceSql.mainImagesOfPage
      .replace("%IDS%", Array.from({ length: n }, (_, i) => `$${i + 1}`).join(","))
      .replace("%N%", String(n + 1))
      .replace("%M%", String(n + 2));
    for (const row of (await db.query<ImageRow>(sql, [...page.items.map((p) => p.id), 0, "0"])).rows)
      images.set(row.productId, toImage(row));
  }
  return { ...page, items: page.items.map((item) => ({ ...item, image: images.get(item.id) ?? null })) };
}

interface ImageRow {
  id: string;
  productId: string;
  alt: string;
  position: number;
  width: number;
  height: number;
  hash: string;
}
type ImageOutput = Omit<ImageRow, "productId" | "hash"> & { urls: ReturnType<typeof variantUrls> };

function toImage({ id, alt, position, width, height, hash }: ImageRow): ImageOutput {
  return { id, alt, position, width, height, urls: variantUrls(hash) };
}

/** The app's own search statement (src/server/routers/storefront/search.sql.ts), sent as it is. */
async function searchPage(
  pool: pg.Pool,
  input: { limit: number; cursor?: [string, string] | null },
  search: string,
): Promise<ProductRow[]> {
  const query = productSearchSql(input, search);
  const { rows } = await pool.query<ProductRow & { distance: number }>(query.text, query.values);
  return rows.map(({ distance: _distance, ...product }: ProductRow & { distance: number }) => product);
}

/** `storefront.byId`: one active product with its pictures, or null. */
export async function productById(db: Queryable, id: string): Promise<(ProductRow & { images: ImageOutput[] }) | null> {
  const product = (await db.query<ProductRow>(referenceSql.productById, [id, true, "1", "0"])).rows[0];
  if (!product) return null;
  const images = (await db.query<ImageRow>(referenceSql.imagesOfProduct, [product.id, "0"])).rows.map(toImage);
  return { ...product, images };
}

interface OrderRow {
  id: string;
  number: number;
  customerId: string;
  status: string;
  currency: string;
  subtotalMinor: number;
  totalMinor: number;
  idempotencyKey: string;
  idempotencyFingerprint: string;
  createdAt: Date;
  updatedAt: Date;
}

/** One statement per relation, as Prisma loads an `include`: lines, customer, history. */
async function withRelations(db: Queryable, orders: OrderRow[]) {
  if (orders.length === 0) return [];
  const ids = orders.map((o) => o.id);
  const customerIds = orders.map((o) => o.customerId);
  const inList = (n: number) => Array.from({ length: n }, (_, i) => `$${i + 1}`).join(",");
  const sql = (template: string, n: number) => template.replace("%IDS%", inList(n)).replace("%N%", String(n + 1));
  const [lines, customers, history] = await Promise.all([
    db.query(sql(referenceSql.linesOfOrders, ids.length), [...ids, "0"]),
    db.query(sql(referenceSql.customersOfOrders, customerIds.length), [...customerIds, "0"]),
    db.query(sql(referenceSql.historyOfOrders, ids.length), [...ids, "0"]),
  ]);
  const customerById = new Map(
    customers.rows.map((c) => [c.id as string, { id: c.id as string, email: c.email as string, name: c.name as string }]),
  );
  return orders.map((o) => ({
    id: o.id,
    number: o.number,
    status: o.status,
    currency: o.currency,
    subtotalMinor: o.subtotalMinor,
    totalMinor: o.totalMinor,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
    customer: customerById.get(o.customerId)!,
    lines: lines.rows
      .filter((l) => l.orderId === o.id)
      .map((l) => ({
        id: l.id,
        productId: l.productId,
        sku: l.sku,
        name: l.name,
        unitPriceMinor: l.unitPriceMinor,
        quantity: l.quantity,
        lineTotalMinor: l.lineTotalMinor,
      })),
    history: history.rows
      .filter((h) => h.orderId === o.id)
      .map((h) => ({ fromStatus: h.fromStatus, toStatus: h.toStatus, actorType: h.actorType, actorId: h.actorId, at: h.at })),
  }));
}

/** `order.list`: a customer's own orders, or everyone's with one status, newest first. */
export async function ordersPage(db: Queryable, input: { limit: number; customerId?: string; status?: string }) {
  const take = String(input.limit + 1);
  const rows = input.customerId
    ? (await db.query<OrderRow>(referenceSql.ordersOfCustomer, [input.customerId, take, "0"])).rows
    : (await db.query<OrderRow>(referenceSql.ordersByStatus, [input.status ?? "PENDING", take, "0"])).rows;
  const page = pageOf(rows, input.limit, (last) => [last.createdAt.toISOString(), last.id]);
  return { items: await withRelations(db, page.items), nextCursor: page.nextCursor };
}

export class ReferenceConflict extends Error {}

/**
 * `order.create` by an API key: one transaction with the statements the app sends (customer check,
 * advisory lock on the key, replay lookup, one conditional UPDATE per line in product-id order, order,
 * lines, history, movements, the order read back, the audit row).
 */
export async function placeOrder(
  pool: pg.Pool,
  input: {
    customerId: string;
    idempotencyKey: string;
    lines: { productId: string; quantity: number }[];
    apiKeyId: string;
    requestId: string;
  },
) {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const customer = (
      await client.query<{ id: string; email: string; name: string }>(referenceSql.activeCustomer, [input.customerId, true, "1", "0"])
    ).rows[0];
    if (!customer) throw new ReferenceConflict("CUSTOMER_NOT_FOUND");
    await client.query(referenceSql.advisoryLock, ["2000ms", `checkout:${input.customerId}:${input.idempotencyKey}`]);
    const quantities = new Map<string, number>();
    for (const l of input.lines) quantities.set(l.productId, (quantities.get(l.productId) ?? 0) + l.quantity);
    const lines = [...quantities]
      .map(([productId, quantity]) => ({ productId, quantity }))
      .sort((a, b) => (a.productId < b.productId ? -1 : 1));
    // The app's own two statements (src/server/orders/checkout.sql.ts), sent as they are.
    const probe = orderProbeSql(
      input.customerId,
      input.idempotencyKey,
      lines.map((l) => l.productId),
    );
    const found = (await client.query<{ existing: string | null }>(probe.text, probe.values)).rows[0]!;
    if (found.existing) {
      const existing = (await client.query<OrderRow>(replaySql.orderByKey, [input.customerId, input.idempotencyKey, "1", "0"])).rows[0]!;
      const [order] = await withRelations(client, [existing]);
      await client.query("COMMIT");
      return { ...order!, replayed: true };
    }
    const now = new Date();
    const fingerprint = createHash("sha256")
      .update(JSON.stringify(lines.map((l) => [l.productId, l.quantity])))
      .digest("hex");
    const orderId = newRowId();
    const lineIds = lines.map(() => newRowId()).sort();
    const write = orderWriteSql({
      orderId,
      customerId: input.customerId,
      idempotencyKey: input.idempotencyKey,
      fingerprint,
      lines,
      lineIds,
      actor: { actorType: "API_KEY", actorId: input.apiKeyId },
      at: now,
      maxTotalMinor: 2_147_483_647,
    });
    const taken = (
      await client.query<{
        id: string;
        sku: string;
        name: string;
        priceMinor: number;
        currency: string;
        stock: number;
        placed: boolean;
        number: number | null;
      }>(write.text, write.values)
    ).rows;
    if (!taken[0]?.placed) throw new ReferenceConflict("OUT_OF_STOCK");
    const sold = lines.map((line) => ({ ...line, ...taken.find((t) => t.id === line.productId)! }));
    const subtotal = sold.reduce((sum, s) => sum + s.priceMinor * s.quantity, 0);
    const order = {
      id: orderId,
      number: taken[0].number!,
      customerId: input.customerId,
      status: "PENDING",
      currency: sold[0]!.currency,
      subtotalMinor: subtotal,
      totalMinor: subtotal,
      idempotencyKey: input.idempotencyKey,
      idempotencyFingerprint: fingerprint,
      createdAt: now,
      updatedAt: now,
    };
    const placedLines = sold.map((s, i) => ({
      id: lineIds[i]!,
      productId: s.productId,
      sku: s.sku,
      name: s.name,
      unitPriceMinor: s.priceMinor,
      quantity: s.quantity,
      lineTotalMinor: s.priceMinor * s.quantity,
    }));
    const history = [{ fromStatus: null, toStatus: "PENDING", actorType: "API_KEY", actorId: input.apiKeyId, at: now }];
    // The outbox row the app writes with every order (src/server/events): same statement, same payload.
    await client.query(referenceSql.insertEvent, [
      `evt_${randomBytes(16).toString("base64url")}`,
      "order.created",
      1,
      now,
      "API_KEY",
      input.apiKeyId,
      order.id,
      JSON.stringify({
        orderId: order.id,
        customerId: order.customerId,
        status: order.status,
        currency: order.currency,
        totalMinor: order.totalMinor,
        lines: sold.map((s) => ({ productId: s.productId, sku: s.sku, quantity: s.quantity, unitPriceMinor: s.priceMinor })),
      }),
    ]);
    await client.query(referenceSql.insertAudit, [
      now,
      "API_KEY",
      input.apiKeyId,
      "order.create",
      "Order",
      order.id,
      "ALLOWED",
      null,
      input.requestId,
      null,
      null,
    ]);
    await client.query("COMMIT");
    const { customerId: _customer, idempotencyKey: _key, idempotencyFingerprint: _fingerprint, ...fields } = order;
    return {
      ...fields,
      customer,
      lines: placedLines,
      history: history.map((h) => ({
        fromStatus: h.fromStatus,
        toStatus: h.toStatus,
        actorType: h.actorType,
        actorId: h.actorId,
        at: h.at,
      })),
      replayed: false,
    };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** Stockroom's REST envelope, dates as ISO strings. */
export function restBody(data: unknown, nextCursor?: string | null): string {
  const meta = {
    requestId: randomUUID(),
    timestamp: new Date().toISOString(),
    apiVersion: "v1",
    ...(nextCursor !== undefined ? { nextCursor } : {}),
  };
  return JSON.stringify({ data, meta, errors: null });
}

/** A tRPC batch answer of one call (`?batch=1`), in superjson, as the web app receives it. */
export function trpcBatchBody(data: unknown): string {
  return JSON.stringify([{ result: { data: superjson.serialize(data) } }]);
}
