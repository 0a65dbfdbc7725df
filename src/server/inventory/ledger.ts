/**
 * The stock ledger. A product's stock changes only here, and every change appends a movement in the same
 * transaction, so `Product.stock` always equals the sum of the product's `StockMovement.delta` (tests
 * check this after random operations).
 */
import type { StockMovementReason } from "@/generated/prisma/enums";
import { actorRef, type Actor } from "../auth/permissions";
import type { DbClient } from "../db";
import type { Work } from "../db/unit-of-work";

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
    select: { id: true, sku: true, name: true, priceMinor: true, currency: true, stock: true },
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

/** Changes the stock and records why, in the caller's transaction. */
export async function moveStock(
  work: Work,
  actor: Actor | null,
  move: StockMove,
  options: { onlyActive?: boolean } = {},
): Promise<StockChange> {
  const change = await changeStock(work, move.productId, move.delta, options);
  if (change.ok) await appendMovements(work.db, actor, [{ ...move, stockAfter: change.product.stock }]);
  return change;
}
