import { getServerConfig } from "../../config";
import { hasPermission } from "../../auth/permissions";
import type { ActorContext } from "../../context";
import { appError } from "../../errors";
import { placeOrder } from "../../orders/checkout";
import type { CreateOrderInput } from "./create.schema";

/** The customer the order is for: the signed-in customer, or (with order:write:any) an active customer named by id. */
async function customerFor(
  ctx: Pick<ActorContext, "actor" | "db">,
  requested: string | undefined,
): Promise<{ id: string; email: string; name: string }> {
  const self = ctx.actor.type === "user" ? ctx.actor : null;
  if (!hasPermission(ctx.actor, "order:write:any")) {
    if (requested && requested !== self?.userId)
      throw appError("FORBIDDEN", "PERMISSION_DENIED", "You can only order for yourself", {
        field: "customerId",
        required: "order:write:any",
      });
    return { id: self!.userId, email: self!.email, name: self!.name };
  }
  const customerId = requested ?? self?.userId;
  if (!customerId) throw appError("BAD_REQUEST", "CUSTOMER_REQUIRED", "Name the customer this order is for", { field: "customerId" });
  const customer = await ctx.db.user.findFirst({ where: { id: customerId, active: true }, select: { id: true, email: true, name: true } });
  if (!customer)
    throw appError("UNPROCESSABLE_CONTENT", "CUSTOMER_NOT_FOUND", `No active user with id ${customerId}`, { field: "customerId" });
  return customer;
}

/** Places an order from explicit lines (integrators, scripts); the web app checks out its cart instead. */
export async function createOrderHandler({
  ctx,
  input,
}: {
  ctx: Pick<ActorContext, "actor" | "audit" | "db" | "unit">;
  input: CreateOrderInput;
}) {
  const customer = await customerFor(ctx, input.customerId);
  const { order, replayed } = await placeOrder(ctx, ctx.actor, {
    customer,
    idempotencyKey: input.idempotencyKey,
    lines: input.lines,
    linesField: "lines",
    lockTimeoutMs: getServerConfig().checkoutLockTimeoutMs,
  });
  ctx.audit.describe({ targetType: "Order", targetId: order.id });
  return { ...order, replayed };
}
