import { hasPermission } from "../../auth/permissions";
import type { ActorContext } from "../../context";
import { appError } from "../../errors";
import { isUniqueViolation } from "../../db/errors";
import { moveStock } from "../../inventory/ledger";
import { catalogProductSelect, toCatalogProduct } from "./catalog.output";
import type { CreateProductInput } from "./create.schema";
import { skuTaken } from "./errors";
import { recordProductCreated } from "./product-events";

/** A new product; its opening stock enters through the ledger as RECEIVED. */
export async function createProductHandler({
  ctx,
  input,
}: {
  ctx: Pick<ActorContext, "actor" | "audit" | "db" | "unit">;
  input: CreateProductInput;
}) {
  const { initialStock, ...fields } = input;
  if (initialStock > 0 && !hasPermission(ctx.actor, "stock:write")) {
    throw appError("FORBIDDEN", "PERMISSION_DENIED", "Opening stock needs stock:write; create the product, then adjust its stock", {
      field: "initialStock",
      required: "stock:write",
    });
  }
  if (await ctx.db.product.findUnique({ where: { sku: fields.sku }, select: { id: true } })) throw skuTaken(fields.sku);
  const created = await ctx.db.product.create({ data: fields, select: catalogProductSelect }).catch((error: unknown) => {
    throw isUniqueViolation(error) ? skuTaken(fields.sku) : error;
  });
  await ctx.unit.productsChanged([created.id]);
  await recordProductCreated(ctx, ctx.actor, created);
  if (initialStock > 0)
    await moveStock(ctx, ctx.actor, { productId: created.id, delta: initialStock, reason: "RECEIVED", note: "Opening stock" });
  const product = await ctx.db.product.findUniqueOrThrow({ where: { id: created.id }, select: catalogProductSelect });
  ctx.audit.describe({
    targetType: "Product",
    targetId: product.id,
    diff: { sku: [null, product.sku], priceMinor: [null, product.priceMinor], stock: [null, product.stock] },
  });
  return toCatalogProduct(product);
}
