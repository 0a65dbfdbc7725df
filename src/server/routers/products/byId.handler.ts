import type { ActorContext } from "../../context";
import type { CatalogByIdInput } from "./byId.schema";
import { catalogProductSelect, toCatalogProduct } from "./catalog.output";
import { productNotFound } from "./errors";
import { imagesOf } from "./image.output";

/** Any product, archived or not. */
export async function catalogByIdHandler({ ctx, input }: { ctx: Pick<ActorContext, "db">; input: CatalogByIdInput }) {
  const product = await ctx.db.product.findUnique({ where: { id: input.id }, select: catalogProductSelect });
  if (!product) throw productNotFound(input.id);
  return { ...toCatalogProduct(product), images: await imagesOf(ctx.db, product.id) };
}
