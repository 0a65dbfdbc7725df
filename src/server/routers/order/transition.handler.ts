import { actorRef, hasPermission } from "../../auth/permissions";
import type { ActorContext } from "../../context";
import { appError } from "../../errors";
import { recordEvent } from "../../events/record";
import { queueOrderEmail } from "../../mail/queue-email";
import { moveStock } from "../../inventory/ledger";
import { canTransition, customerMayTransition, nextStatuses } from "../../orders/lifecycle";
import { orderInclude } from "../../orders/order-shape";
import { visibleOrders } from "./ownership";
import type { TransitionOrderInput } from "./transition.schema";

/**
 * Moves an order one step through its lifecycle and records who did it. Cancelling returns every line's
 * stock through the ledger. Staff, admins and `orders:write` keys move any order; a customer may only
 * cancel their own order while it is PENDING.
 */
export async function transitionOrderHandler({
  ctx,
  input,
}: {
  ctx: Pick<ActorContext, "actor" | "audit" | "db" | "unit">;
  input: TransitionOrderInput;
}) {
  const order = await ctx.db.order.findFirst({
    where: { AND: [{ id: input.id }, visibleOrders(ctx.actor)] },
    include: { lines: { orderBy: { productId: "asc" } } },
  });
  if (!order) throw appError("NOT_FOUND", "ORDER_NOT_FOUND", `No order with id ${input.id}`, { field: "id" });
  ctx.audit.describe({ targetType: "Order", targetId: order.id });
  const from = order.status;
  if (!canTransition(from, input.to)) {
    throw appError("CONFLICT", "ILLEGAL_TRANSITION", `An order that is ${from} cannot become ${input.to}`, {
      field: "to",
      currentStatus: from,
      allowed: nextStatuses[from],
    });
  }
  if (!hasPermission(ctx.actor, "order:write:any") && !customerMayTransition(from, input.to)) {
    throw appError("FORBIDDEN", "PERMISSION_DENIED", "You can cancel your order while it is pending; the shop handles the rest", {
      field: "to",
      required: "order:write:any",
    });
  }
  // Conditional on the status read above: a concurrent transition makes this update match nothing.
  const { count } = await ctx.db.order.updateMany({ where: { id: order.id, status: from }, data: { status: input.to } });
  if (count === 0) {
    throw appError("CONFLICT", "ORDER_CHANGED", "The order changed meanwhile; reload it and try again", { field: "to" });
  }
  await ctx.db.orderStatusChange.create({ data: { orderId: order.id, fromStatus: from, toStatus: input.to, ...actorRef(ctx.actor) } });
  const change = { orderId: order.id, customerId: order.customerId, from };
  await recordEvent(ctx, ctx.actor, "order.status_changed", { ...change, to: input.to }, order.id);
  if (input.to === "CANCELLED") {
    for (const line of order.lines) {
      await moveStock(ctx, ctx.actor, { productId: line.productId, delta: line.quantity, reason: "CANCELLATION", orderId: order.id });
    }
    const restocked = order.lines.map((l) => ({ productId: l.productId, quantity: l.quantity }));
    await recordEvent(ctx, ctx.actor, "order.cancelled", { ...change, restocked }, order.id);
  }
  if (input.to === "SHIPPED") await queueOrderEmail(ctx, order.id, "shipped");
  ctx.audit.describe({ diff: { status: [from, input.to] } });
  return ctx.db.order.findUniqueOrThrow({ where: { id: order.id }, include: orderInclude });
}
