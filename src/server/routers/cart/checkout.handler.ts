import { getServerConfig } from "../../config";
import type { UserContext } from "../../context";
import { placeOrder } from "../../orders/checkout";
import type { CheckoutInput } from "./checkout.schema";

/**
 * Orders what is in the cart, then empties it, in one transaction. A retry with the same key returns the
 * same order (the cart is empty by then, which is what a retry looks like); the same key with a cart
 * that has changed since is a CONFLICT.
 */
export async function checkoutHandler({ ctx, input }: { ctx: Pick<UserContext, "actor" | "audit" | "db" | "unit">; input: CheckoutInput }) {
  const userId = ctx.actor.userId;
  const items = await ctx.db.cartItem.findMany({
    where: { userId },
    orderBy: [{ addedAt: "asc" }, { productId: "asc" }],
    select: { productId: true, quantity: true },
  });
  const { order, replayed } = await placeOrder(ctx, ctx.actor, {
    customer: { id: userId, email: ctx.actor.email, name: ctx.actor.name },
    idempotencyKey: input.idempotencyKey,
    lines: items.length ? items : null,
    linesField: "cart",
    lockTimeoutMs: getServerConfig().checkoutLockTimeoutMs,
  });
  if (!replayed) await ctx.db.cartItem.deleteMany({ where: { userId, productId: { in: items.map((i) => i.productId) } } });
  ctx.audit.describe({ targetType: "Order", targetId: order.id });
  return { ...order, replayed };
}
