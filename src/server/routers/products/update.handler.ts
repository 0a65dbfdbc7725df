import { diffOf } from "../../audit/audit";
import type { ActorContext } from "../../context";
import { isUniqueViolation } from "../../db/errors";
import { catalogProductSelect, toCatalogProduct } from "./catalog.output";
import { productNotFound, skuTaken } from "./errors";
import { recordProductUpdated } from "./product-events";
import type { UpdateProductInput } from "./update.schema";

/** Edits a product. Orders keep the name and price they were sold at (order lines copy them). */
export async function updateProductHandler({
  ctx,
  input,
}: {
  ctx: Pick<ActorContext, "actor" | "audit" | "db" | "unit">;
  input: UpdateProductInput;
}) {
  const { id, ...changes } = input;
  const before = await ctx.db.product.findUnique({ where: { id }, select: catalogProductSelect });
  if (!before) throw productNotFound(id);
  ctx.audit.describe({ targetType: "Product", targetId: id });
  if (
    changes.sku &&
    changes.sku !== before.sku &&
    (await ctx.db.product.findUnique({ where: { sku: changes.sku }, select: { id: true } }))
  ) {
    throw skuTaken(changes.sku);
  }
  const diff = diffOf(before, changes);
  if (!Object.keys(diff).length) return toCatalogProduct(before);
  const product = await ctx.db.product.update({ where: { id }, data: changes, select: catalogProductSelect }).catch((error: unknown) => {
    throw isUniqueViolation(error) && changes.sku ? skuTaken(changes.sku) : error;
  });
  await ctx.unit.productsChanged([id]);
  await recordProductUpdated(ctx, ctx.actor, product, Object.keys(diff));
  ctx.audit.describe({ diff });
  return toCatalogProduct(product);
}
