import { TRPCError } from "@trpc/server";
import type { Context } from "../../context";
import type { ProductByIdInput } from "./byId.schema";
import { productSelect } from "./product.output";
import { imagesOf } from "../products/image.output";

/** One active product; a missing or archived id is NOT_FOUND (archived ones are not the storefront's). Cached. */
export async function productByIdHandler({ ctx, input }: { ctx: Pick<Context, "cache" | "db">; input: ProductByIdInput }) {
  return ctx.cache.product(input.id, async () => {
    const product = await ctx.db.product.findFirst({ where: { id: input.id, active: true }, select: productSelect });
    if (!product) throw new TRPCError({ code: "NOT_FOUND", message: `No product with id ${input.id}` });
    return { ...product, images: await imagesOf(ctx.db, product.id) };
  });
}
