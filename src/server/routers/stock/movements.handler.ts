import type { ActorContext } from "../../context";
import { pageOf } from "../../cursor";
import { productNotFound } from "../products/errors";
import type { ListMovementsInput } from "./movements.schema";

/** A product's ledger, newest first. */
export async function listMovementsHandler({ ctx, input }: { ctx: Pick<ActorContext, "db">; input: ListMovementsInput }) {
  const product = await ctx.db.product.findUnique({ where: { id: input.productId }, select: { id: true } });
  if (!product) throw productNotFound(input.productId, "productId");
  const rows = await ctx.db.stockMovement.findMany({
    where: { productId: input.productId, ...(input.cursor ? { id: { lt: BigInt(input.cursor[0]) } } : {}) },
    orderBy: { id: "desc" },
    take: input.limit + 1,
  });
  const page = pageOf(rows, input.limit, (last) => [last.id.toString()]);
  return { items: page.items.map((m) => ({ ...m, id: m.id.toString() })), nextCursor: page.nextCursor };
}
