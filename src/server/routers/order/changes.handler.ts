import { getServerConfig } from "../../config";
import type { ActorContext } from "../../context";
import { encodeCursor, keysetAfter } from "../../cursor";
import { orderInclude } from "../../orders/order-shape";
import { visibleOrders } from "./ownership";
import type { OrderChangesInput } from "./changes.schema";

/**
 * A feed for polling ("orders updated since"): orders by (updatedAt, id) ascending, and a cursor that is
 * always returned, so a client keeps its place between polls. Orders changed in the last
 * ORDER_CHANGES_SETTLE_MS (default 2 s) are held back: a transaction that started earlier may still commit
 * an older `updatedAt`, and a cursor that had already passed it would miss that change.
 */
export async function orderChangesHandler({ ctx, input }: { ctx: Pick<ActorContext, "actor" | "db">; input: OrderChangesInput }) {
  const settled = new Date(Date.now() - getServerConfig().orderChangesSettleMs);
  const after = input.cursor ? { at: new Date(input.cursor[0]), id: input.cursor[1] } : null;
  const rows = await ctx.db.order.findMany({
    where: {
      AND: [visibleOrders(ctx.actor), { updatedAt: { lt: settled } }, after ? keysetAfter("updatedAt", after.at, after.id, "asc") : {}],
    },
    orderBy: [{ updatedAt: "asc" }, { id: "asc" }],
    take: input.limit,
    include: orderInclude,
  });
  const last = rows.at(-1);
  const nextCursor = last
    ? encodeCursor([last.updatedAt.toISOString(), last.id])
    : input.cursor
      ? encodeCursor([input.cursor[0], input.cursor[1]])
      : null;
  return { items: rows, nextCursor };
}
