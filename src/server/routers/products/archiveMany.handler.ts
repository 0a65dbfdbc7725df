import type { ActorContext } from "../../context";
import { catalogProductSelect, toCatalogProduct } from "./catalog.output";
import type { ArchiveManyInput } from "./archiveMany.schema";
import { productNotFound } from "./errors";
import { recordProductArchived } from "./product-events";

/**
 * Archives several products at once (the back office's bulk action): all or none, in the mutation's one
 * transaction. An unknown id refuses the whole call and names its place in `ids`; products already archived
 * stay as they are. Each product archived gets its `product.archived` event, as one archived alone does.
 */
export async function archiveManyHandler({
  ctx,
  input,
}: {
  ctx: Pick<ActorContext, "actor" | "audit" | "db" | "unit">;
  input: ArchiveManyInput;
}) {
  const found = await ctx.db.product.findMany({ where: { id: { in: input.ids } }, select: catalogProductSelect });
  const byId = new Map(found.map((p) => [p.id, p]));
  const missing = input.ids.findIndex((id) => !byId.has(id));
  if (missing >= 0) {
    throw productNotFound(input.ids[missing]!, `ids.${missing}`);
  }
  const toArchive = input.ids.filter((id) => byId.get(id)!.active);
  ctx.audit.describe({ targetType: "Product", diff: { archived: [[], toArchive] } });
  if (toArchive.length) {
    await ctx.db.product.updateMany({ where: { id: { in: toArchive } }, data: { active: false } });
    await ctx.unit.productsChanged(toArchive);
    const archived = await ctx.db.product.findMany({ where: { id: { in: toArchive } }, select: catalogProductSelect });
    for (const product of archived) {
      await recordProductArchived(ctx, ctx.actor, product);
      byId.set(product.id, product);
    }
  }
  return { products: input.ids.map((id) => toCatalogProduct(byId.get(id)!)) };
}
