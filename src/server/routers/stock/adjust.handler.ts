import type { ActorContext } from "../../context";
import { appError } from "../../errors";
import { moveStock } from "../../inventory/ledger";
import { catalogProductSelect, toCatalogProduct } from "../products/catalog.output";
import { productNotFound } from "../products/errors";
import type { AdjustStockInput } from "./adjust.schema";

/** Records a stock movement and changes the stock with it; stock never goes below zero. */
export async function adjustStockHandler({
  ctx,
  input,
}: {
  ctx: Pick<ActorContext, "actor" | "audit" | "db" | "unit">;
  input: AdjustStockInput;
}) {
  ctx.audit.describe({ targetType: "Product", targetId: input.productId });
  const change = await moveStock(ctx, ctx.actor, {
    productId: input.productId,
    delta: input.delta,
    reason: input.reason,
    note: input.note,
  });
  if (!change.ok && change.problem === "NOT_FOUND") throw productNotFound(input.productId, "productId");
  if (!change.ok) {
    const { stock } = await ctx.db.product.findUniqueOrThrow({ where: { id: input.productId }, select: { stock: true } });
    throw appError("UNPROCESSABLE_CONTENT", "STOCK_WOULD_GO_NEGATIVE", `Only ${stock} in stock: cannot remove ${-input.delta}`, {
      field: "delta",
      productId: input.productId,
      stock,
    });
  }
  ctx.audit.describe({ diff: { stock: [change.product.stock - input.delta, change.product.stock] } });
  const product = await ctx.db.product.findUniqueOrThrow({ where: { id: input.productId }, select: catalogProductSelect });
  return toCatalogProduct(product);
}
