/**
 * Placing an order: one transaction takes the stock, writes the order with its lines at the prices read
 * from the database, and appends the SALE movements. Used by `cart.checkout` (the web app) and
 * `order.create` (explicit lines: integrators, scripts).
 */
import { createHash } from "node:crypto";
import type { Actor } from "../auth/permissions";
import { actorRef } from "../auth/permissions";
import type { DbClient } from "../db";
import { appError, reasonOf } from "../errors";
import { getMetrics } from "../observability/metrics";
import type { Work } from "../db/unit-of-work";
import { correctEventPayload, recordEvent } from "../events/record";
import { queueOrderEmail } from "../mail/queue-email";
import { recordStockLevel } from "../inventory/ledger";
import { newRowId } from "../db/row-id";
import { orderInclude } from "./order-shape";
import { probeOrder, takeStockAndWriteOrder } from "./checkout.sql";

export interface CheckoutLine {
  productId: string;
  quantity: number;
}

/** Totals are stored as 32-bit integers; an order above this is refused rather than overflowed. */
const MAX_TOTAL_MINOR = 2_147_483_647;

/** Same product twice becomes one line; lines are sorted by product id (a fixed lock order: no deadlocks). */
export function normaliseLines(lines: readonly CheckoutLine[]): CheckoutLine[] {
  const quantities = new Map<string, number>();
  for (const line of lines) quantities.set(line.productId, (quantities.get(line.productId) ?? 0) + line.quantity);
  return [...quantities].map(([productId, quantity]) => ({ productId, quantity })).sort((a, b) => (a.productId < b.productId ? -1 : 1));
}

/** What an idempotency key is bound to: the normalised lines. */
export function fingerprintOf(lines: readonly CheckoutLine[]): string {
  return createHash("sha256")
    .update(JSON.stringify(normaliseLines(lines).map((l) => [l.productId, l.quantity])))
    .digest("hex");
}

export interface PlaceOrderRequest {
  /** Whose order it is (the answer names them; they are not read again). */
  customer: { id: string; email: string; name: string };
  idempotencyKey: string;
  /** null: only a replay is possible (the web cart is empty after a checkout whose answer was lost). */
  lines: CheckoutLine[] | null;
  /** How the lines are named in field errors: "lines" for explicit lines, "cart" for the cart. */
  linesField: string;
  /**
   * The longest this checkout waits for a lock (a product row another checkout holds, or this key's lock);
   * past it the database refuses and the caller hears 503 DATABASE_BUSY, well before its pool timeout.
   */
  lockTimeoutMs?: number;
}

const DEFAULT_LOCK_TIMEOUT_MS = 2_000;

export type PlacedOrder = { order: NonNullable<Awaited<ReturnType<typeof findOrder>>>; replayed: boolean };

function findOrder(db: DbClient, customerId: string, idempotencyKey: string) {
  return db.order.findUnique({ where: { customerId_idempotencyKey: { customerId, idempotencyKey } }, include: orderInclude });
}

/**
 * Places the order, or returns the one this key already placed. The key is locked for the transaction
 * (an advisory lock), so two requests racing with one key place one order: the second waits, then
 * finds it. The same key with different lines is a CONFLICT. Counted in the business metrics: orders
 * placed once committed (replays not), checkouts refused by their reason.
 */
export async function placeOrder(work: Work, actor: Actor, request: PlaceOrderRequest): Promise<PlacedOrder> {
  try {
    const placed = await placeOrderOnce(work, actor, request);
    if (!placed.replayed) work.unit.afterCommit(() => getMetrics().ordersPlaced.inc({ channel: actor.type === "apiKey" ? "api" : "web" }));
    return placed;
  } catch (error) {
    const reason = reasonOf(error)?.reason;
    if (reason) getMetrics().checkoutsFailed.inc({ reason });
    throw error;
  }
}

async function placeOrderOnce(work: Work, actor: Actor, request: PlaceOrderRequest): Promise<PlacedOrder> {
  const { db } = work;
  const { idempotencyKey } = request;
  const customerId = request.customer.id;
  const lockTimeout = `${Math.round(request.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS)}ms`;
  const lines = request.lines === null ? [] : normaliseLines(request.lines);
  const productIds = lines.map((l) => l.productId);
  const fingerprint = fingerprintOf(lines);
  // Statement 1: this key's lock (a second request with the key waits here for the first to finish).
  await db.$executeRaw`SELECT set_config('lock_timeout', ${lockTimeout}, true), pg_advisory_xact_lock(hashtextextended(${`checkout:${customerId}:${idempotencyKey}`}, 0))`;
  // Statement 2, a new snapshot after the lock: the order this key placed, if any, and the products' committed
  // state. Nothing waits on a row lock here: in a sell-out the requests that cannot be served are refused
  // at once instead of queueing for stock that is gone. Statement 3 below stays the authority.
  const probe = await probeOrder(db, customerId, idempotencyKey, productIds);
  if (probe.existing) {
    if (request.lines === null || probe.fingerprint === fingerprint)
      return { order: (await findOrder(db, customerId, idempotencyKey))!, replayed: true };
    throw appError(
      "CONFLICT",
      "IDEMPOTENCY_KEY_REUSED",
      "This idempotency key was used for a different order; use a new key for a new order",
      {
        field: "idempotencyKey",
        orderId: probe.existing,
      },
    );
  }
  if (request.lines === null || request.lines.length === 0) {
    throw appError("UNPROCESSABLE_CONTENT", "CART_EMPTY", "There is nothing to order", { field: request.linesField });
  }

  const fieldOf = (line: CheckoutLine) => `${request.linesField}.${request.lines!.findIndex((l) => l.productId === line.productId)}`;
  const unavailable = (line: CheckoutLine) =>
    appError("UNPROCESSABLE_CONTENT", "PRODUCT_UNAVAILABLE", `Product ${line.productId} is not for sale`, {
      field: `${fieldOf(line)}.productId`,
      productId: line.productId,
    });
  const outOfStock = (line: CheckoutLine, product: { sku: string; name: string; stock: number }) =>
    appError(
      "CONFLICT",
      "OUT_OF_STOCK",
      product.stock === 0
        ? `${product.name} is out of stock`
        : `Only ${product.stock} of ${product.name} left (you asked for ${line.quantity})`,
      {
        field: `${fieldOf(line)}.quantity`,
        productId: line.productId,
        sku: product.sku,
        name: product.name,
        available: product.stock,
        requested: line.quantity,
      },
    );
  const mixedCurrencies = (currencies: Iterable<string>) =>
    appError(
      "UNPROCESSABLE_CONTENT",
      "MIXED_CURRENCIES",
      `One order takes one currency; these lines are in ${[...currencies].join(", ")}`,
      {
        field: request.linesField,
      },
    );
  const tooLarge = () =>
    appError("UNPROCESSABLE_CONTENT", "ORDER_TOO_LARGE", "This order's total is too large for one order; split it", {
      field: request.linesField,
    });

  const snapshot = new Map(probe.products.map((p) => [p.id, p]));
  for (const line of lines) {
    const product = snapshot.get(line.productId);
    if (!product?.active) throw unavailable(line);
    if (product.stock < line.quantity) throw outOfStock(line, product);
  }
  const snapshotCurrencies = new Set(lines.map((l) => snapshot.get(l.productId)!.currency));
  if (snapshotCurrencies.size > 1) throw mixedCurrencies(snapshotCurrencies);

  // Statement 3 writes the order in one round trip (./checkout.sql.ts): it locks the products in id order,
  // takes the stock of every line only where there is enough, and only when every line was taken in one
  // currency under the total limit inserts the order, its lines, its first status and the SALE movements.
  const at = new Date();
  const orderId = newRowId();
  const by = actorRef(actor);
  const lineIds = lines.map(() => newRowId()).sort();
  const eventPayload = (products: Map<string, { sku: string; priceMinor: number; currency: string }>) => ({
    orderId,
    customerId,
    status: "PENDING" as const,
    currency: products.get(lines[0]!.productId)!.currency,
    totalMinor: lines.reduce((sum, l) => sum + products.get(l.productId)!.priceMinor * l.quantity, 0),
    lines: lines.map((l) => ({
      productId: l.productId,
      sku: products.get(l.productId)!.sku,
      quantity: l.quantity,
      unitPriceMinor: products.get(l.productId)!.priceMinor,
    })),
  });
  // The event and the email job are written before the stock is taken, from the snapshot: the products'
  // rows are then locked only for the audit row and COMMIT after statement 3, not for four round trips
  // (under load each waits its turn on the event loop, and other checkouts of the product wait with it).
  // A price changed between statement 2 and 3 is rare; the event is corrected below if it happened.
  const planned = eventPayload(snapshot);
  if (planned.totalMinor > MAX_TOTAL_MINOR) throw tooLarge();
  const eventId = await recordEvent(work, actor, "order.created", planned, orderId);
  await queueOrderEmail(work, orderId, "placed");
  const taken = await takeStockAndWriteOrder(db, {
    orderId,
    customerId,
    idempotencyKey,
    fingerprint,
    lines,
    lineIds,
    actor: by,
    at,
    maxTotalMinor: MAX_TOTAL_MINOR,
  });
  const byProduct = new Map(taken.rows.map((r) => [r.id, r]));
  if (!taken.placed) {
    // Something changed since statement 2; the transaction rolls back what statement 3 took, the event and the job.
    for (const line of lines) {
      if (byProduct.has(line.productId)) continue;
      const product = await db.product.findFirst({
        where: { id: line.productId, active: true },
        select: { sku: true, name: true, stock: true },
      });
      throw product ? outOfStock(line, product) : unavailable(line);
    }
    const currencies = new Set(taken.rows.map((r) => r.currency));
    throw currencies.size > 1 ? mixedCurrencies(currencies) : tooLarge();
  }
  await work.unit.productsChanged(productIds);
  const sold = eventPayload(byProduct);
  if (JSON.stringify(sold) !== JSON.stringify(planned)) await correctEventPayload(work, eventId, "order.created", sold);

  const orderLines = lines.map((line, i) => {
    const product = byProduct.get(line.productId)!;
    return {
      id: lineIds[i]!,
      productId: product.id,
      sku: product.sku,
      name: product.name,
      unitPriceMinor: product.priceMinor,
      quantity: line.quantity,
      lineTotalMinor: product.priceMinor * line.quantity,
    };
  });
  const created = {
    id: orderId,
    number: taken.number!,
    customerId,
    status: "PENDING" as const,
    currency: sold.currency,
    subtotalMinor: sold.totalMinor,
    totalMinor: sold.totalMinor,
    idempotencyKey,
    idempotencyFingerprint: fingerprint,
    createdAt: at,
    updatedAt: at,
  };
  for (const line of lines) {
    const product = byProduct.get(line.productId)!;
    await recordStockLevel(work, actor, product, product.stock + line.quantity);
  }
  const history = { fromStatus: null, toStatus: "PENDING" as const, actorType: by.actorType, actorId: by.actorId, at };
  const order = { ...created, customer: request.customer, lines: orderLines, history: [history] };
  return { order, replayed: false };
}
