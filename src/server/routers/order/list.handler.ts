import type { Prisma } from "@/generated/prisma/client";
import type { ActorContext } from "../../context";
import { keysetAfter, pageOf } from "../../cursor";
import type { ListOrdersInput } from "./list.schema";
import { orderInclude } from "../../orders/order-shape";
import { visibleOrders } from "./ownership";

/** Orders newest first: a customer's own, or (staff, admins, keys) everyone's with filters. */
export async function listOrdersHandler({ ctx, input }: { ctx: Pick<ActorContext, "actor" | "db">; input: ListOrdersInput }) {
  const and: Prisma.OrderWhereInput[] = [visibleOrders(ctx.actor)];
  if (input.number) and.push({ number: input.number });
  if (input.status) and.push({ status: input.status });
  if (input.customerId) and.push({ customerId: input.customerId });
  if (input.createdFrom) and.push({ createdAt: { gte: new Date(input.createdFrom) } });
  if (input.createdTo) and.push({ createdAt: { lt: new Date(input.createdTo) } });
  if (input.cursor) {
    const [createdAt, id] = input.cursor;
    and.push(keysetAfter("createdAt", new Date(createdAt), id, "desc"));
  }
  const rows = await ctx.db.order.findMany({
    where: { AND: and },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
    include: orderInclude,
  });
  return pageOf(rows, input.limit, (last) => [last.createdAt.toISOString(), last.id]);
}
