import { hasPermission } from "../../auth/permissions";
import type { ActorContext } from "../../context";
import { appError } from "../../errors";
import { placeOrder } from "../../orders/checkout";
import type { CreateOrderInput } from "./create.schema";

/** The customer the order is for: a customer's own id, or (with order:write:any) an active customer named by id. */
async function customerFor(ctx: ActorContext, requested: string | undefined): Promise<string> {
  const self = ctx.actor.type === "user" ? ctx.actor.userId : null;
  if (!hasPermission(ctx.actor, "order:write:any")) {
    if (requested && requested !== self) throw appError("FORBIDDEN", "PERMISSION_DENIED", "You can only order for yourself", { field: "customerId", required: "order:write:any" });
    return self!;
  }
  const customerId = requested ?? self;
  if (!customerId) throw appError("BAD_REQUEST", "CUSTOMER_REQUIRED", "Name the customer this order is for", { field: "customerId" });
  const customer = await ctx.db.user.findFirst({ where: { id: customerId, active: true }, select: { id: true } });
  if (!customer) throw appError("UNPROCESSABLE_CONTENT", "CUSTOMER_NOT_FOUND", `No active user with id ${customerId}`, { field: "customerId" });
  return customer.id;
}

/** Places an order from explicit lines (integrators, scripts); the web app checks out its cart instead. */
export async function createOrderHandler({ ctx, input }: { ctx: ActorContext; input: CreateOrderInput }) {
  const customerId = await customerFor(ctx, input.customerId);
  const { order, replayed } = await placeOrder(ctx.db, ctx.actor, { customerId, idempotencyKey: input.idempotencyKey, lines: input.lines, linesField: "lines" });
  ctx.audit.describe({ targetType: "Order", targetId: order.id });
  return { ...order, replayed };
}
