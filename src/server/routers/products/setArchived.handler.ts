import type { ActorContext } from "../../context";
import { catalogProductSelect, toCatalogProduct } from "./catalog.output";
import { productNotFound } from "./errors";
import { recordProductArchived, recordProductUpdated } from "./product-events";
import type { SetArchivedInput } from "./setArchived.schema";

/**
 * Archiving hides a product from the storefront and from new carts and checkouts; its orders keep it.
 * Idempotent both ways. Carts holding it keep the row and show it as unavailable until it returns.
 */
function setArchived(archived: boolean) {
  return async function setArchivedHandler({
    ctx,
    input,
  }: {
    ctx: Pick<ActorContext, "actor" | "audit" | "db" | "unit">;
    input: SetArchivedInput;
  }) {
    const before = await ctx.db.product.findUnique({ where: { id: input.id }, select: catalogProductSelect });
    if (!before) throw productNotFound(input.id);
    ctx.audit.describe({ targetType: "Product", targetId: input.id });
    if (before.active === !archived) return toCatalogProduct(before);
    const product = await ctx.db.product.update({ where: { id: input.id }, data: { active: !archived }, select: catalogProductSelect });
    await ctx.unit.productsChanged([input.id]);
    if (archived) await recordProductArchived(ctx, ctx.actor, product);
    else await recordProductUpdated(ctx, ctx.actor, product, ["active"]);
    ctx.audit.describe({ diff: { active: [before.active, product.active] } });
    return toCatalogProduct(product);
  };
}

export const archiveProductHandler = setArchived(true);
export const unarchiveProductHandler = setArchived(false);
