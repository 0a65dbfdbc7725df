/**
 * The scheduled clean-ups. Each takes the clock's "now" (tests pass theirs) and returns how many rows it
 * removed or changed, which the runner logs.
 */
import type { Db } from "../db";

const DAY_MS = 86_400_000;

/** Events older than `days` leave the outbox (and the feed). */
export async function pruneEvents(db: Db, now: Date, days: number): Promise<number> {
  const { count } = await db.event.deleteMany({ where: { at: { lt: new Date(now.getTime() - days * DAY_MS) } } });
  return count;
}

/**
 * A checkout's idempotency key older than `hours` is forgotten: the order stays, but the same key sent
 * again now places a new order instead of replaying this one (docs/api.md).
 */
export async function expireIdempotencyKeys(db: Db, now: Date, hours: number): Promise<number> {
  // In SQL, not updateMany: Prisma would bump updatedAt, and every expired key would show up in
  // GET /orders/changes as a change to its order.
  const cutoff = new Date(now.getTime() - hours * 3_600_000);
  return db.$executeRaw`UPDATE "Order" SET "idempotencyKey" = NULL, "idempotencyFingerprint" = NULL
    WHERE "idempotencyKey" IS NOT NULL AND "createdAt" < ${cutoff}`;
}

/** Carts nobody touched for `days` are emptied (a line counts as touched when added or changed). */
export async function removeAbandonedCarts(db: Db, now: Date, days: number): Promise<number> {
  const cutoff = new Date(now.getTime() - days * DAY_MS);
  const stale = await db.cartItem.groupBy({ by: ["userId"], _max: { updatedAt: true }, having: { updatedAt: { _max: { lt: cutoff } } } });
  if (!stale.length) return 0;
  const { count } = await db.cartItem.deleteMany({ where: { userId: { in: stale.map((cart) => cart.userId) } } });
  return count;
}

/** Webhook deliveries (and their attempts) older than `days` are removed; pending ones are kept. */
export async function pruneWebhookDeliveries(db: Db, now: Date, days: number): Promise<number> {
  const { count } = await db.webhookDelivery.deleteMany({
    where: { createdAt: { lt: new Date(now.getTime() - days * DAY_MS) }, status: { not: "PENDING" } },
  });
  return count;
}
