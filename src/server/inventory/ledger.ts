/**
 * The stock ledger. A product's stock changes only here, and every change appends a movement in the same
 * transaction, so `Product.stock` always equals the sum of the product's `StockMovement.delta` (tests
 * check this after random operations).
 */
import type { StockMovementReason } from "@/generated/prisma/enums";
import { actorRef, type Actor } from "../auth/permissions";
import type { DbClient } from "../db";
import type { Work } from "../db/unit-of-work";
import { recordEvent } from "../events/record";

export interface StockMove {
  productId: string;
  delta: number;
  reason: StockMovementReason;
  note?: string;
  /** The order a SALE or CANCELLATION belongs to. */
  orderId?: string;
}

export interface MovedProduct {
  id: string;
  sku: string;
  name: string;
  priceMinor: number;
  currency: string;
  /** The stock after the change. */
  stock: number;
  lowStockThreshold: number;
}

export type StockChange = { ok: true; product: MovedProduct } | { ok: false; problem: "NOT_FOUND" | "INSUFFICIENT" };

/**
 * Changes the stock in one conditional UPDATE (`stock + delta >= 0`). The UPDATE takes the row lock, so
 * concurrent changes queue on it and each re-checks the condition against the committed stock: stock is
 * never oversold and never negative. `onlyActive` refuses archived products (a sale). The caller must
 * append the movement with `appendMovements` in the same transaction; `moveStock` does both. The product's
 * cached catalog pages are dropped once the work commits.
 */
export async function changeStock(
  { db, unit }: Work,
  productId: string,
  delta: number,
  options: { onlyActive?: boolean } = {},
): Promise<StockChange> {
  const [product] = await db.product.updateManyAndReturn({
    where: { id: productId, ...(options.onlyActive ? { active: true } : {}), ...(delta < 0 ? { stock: { gte: -delta } } : {}) },
    data: { stock: { increment: delta } },
    select: { id: true, sku: true, name: true, priceMinor: true, currency: true, stock: true, lowStockThreshold: true },
  });
  if (product) {
    await unit.productsChanged([product.id]);
    return { ok: true, product };
  }
  const exists = await db.product.findFirst({
    where: { id: productId, ...(options.onlyActive ? { active: true } : {}) },
    select: { id: true },
  });
  return { ok: false, problem: exists ? "INSUFFICIENT" : "NOT_FOUND" };
}

/** Appends movements whose stock change has been made (`stockAfter` is the stock right after each). */
export async function appendMovements(db: DbClient, actor: Actor | null, moves: (StockMove & { stockAfter: number })[]): Promise<void> {
  const by = actorRef(actor);
  await db.stockMovement.createMany({
    data: moves.map((m) => ({
      productId: m.productId,
      delta: m.delta,
      reason: m.reason,
      note: m.note ?? "",
      orderId: m.orderId ?? null,
      stockAfter: m.stockAfter,
      ...by,
    })),
  });
}

/**
 * Changes the stock and records why, in the caller's transaction, with its events: `stock.adjusted` for a
 * movement of its own (sales and cancellations are told by their order's events), then the level's.
 */
export async function moveStock(
  work: Work,
  actor: Actor | null,
  move: StockMove,
  options: { onlyActive?: boolean } = {},
): Promise<StockChange> {
  const change = await changeStock(work, move.productId, move.delta, options);
  if (!change.ok) return change;
  const { product } = change;
  await appendMovements(work.db, actor, [{ ...move, stockAfter: product.stock }]);
  if (!move.orderId) {
    await recordEvent(
      work,
      actor,
      "stock.adjusted",
      { productId: product.id, sku: product.sku, delta: move.delta, reason: move.reason, note: move.note ?? "", stock: product.stock },
      product.id,
    );
  }
  await recordStockLevel(work, actor, product, product.stock - move.delta);
  return change;
}

/**
 * The level events a change from `before` crosses into: `stock.low` when it takes the stock from above the
 * product's threshold to at or below it, `stock.out` when it takes it to zero; once per crossing, not on
 * every sale while low.
 */
export function stockLevelCrossings(product: MovedProduct, before: number): ("stock.low" | "stock.out")[] {
  const crossings: ("stock.low" | "stock.out")[] = [];
  if (before > product.lowStockThreshold && product.stock <= product.lowStockThreshold) crossings.push("stock.low");
  if (before > 0 && product.stock === 0) crossings.push("stock.out");
  return crossings;
}

/** What `stock.low` and `stock.out` say about the product. */
export function stockLevelPayload(product: MovedProduct) {
  return { productId: product.id, sku: product.sku, stock: product.stock, lowStockThreshold: product.lowStockThreshold };
}

/** Records the level events of a change from `before` (stockLevelCrossings). */
export async function recordStockLevel(work: Work, actor: Actor | null, product: MovedProduct, before: number): Promise<void> {
  for (const type of stockLevelCrossings(product, before)) await recordEvent(work, actor, type, stockLevelPayload(product), product.id);
}
