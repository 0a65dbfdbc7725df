import { TRPCError } from "@trpc/server";
import type { ActorContext } from "../../context";
import type { OrderByIdInput } from "./byId.schema";
import { orderInclude } from "../../orders/order-shape";
import { visibleOrders } from "./ownership";

/** One order the caller may see; anyone else's is NOT_FOUND, exactly like an id that does not exist. */
export async function orderByIdHandler({ ctx, input }: { ctx: Pick<ActorContext, "actor" | "db">; input: OrderByIdInput }) {
  const order = await ctx.db.order.findFirst({ where: { AND: [{ id: input.id }, visibleOrders(ctx.actor)] }, include: orderInclude });
  if (!order) throw new TRPCError({ code: "NOT_FOUND", message: `No order with id ${input.id}` });
  return order;
}
