import type { Prisma } from "@/generated/prisma/client";
import type { Context } from "../../context";
import { escapeLikePattern } from "../../like";
import { pageOf } from "../../cursor";
import type { ListProductsInput } from "./list.schema";
import { productSelect } from "./product.output";

/**
 * Active products by name, then id, with keyset pagination: a page starts strictly after the cursor's
 * (name, id), so inserts and deletes between pages neither repeat nor skip rows. Pages are cached.
 */
export function listProductsHandler({ ctx, input }: { ctx: Context; input: ListProductsInput }) {
  return ctx.cache.list(input, () => loadProductPage(ctx, input));
}

async function loadProductPage(ctx: Context, input: ListProductsInput) {
  const and: Prisma.ProductWhereInput[] = [{ active: true }];
  if (input.search) {
    const search = escapeLikePattern(input.search);
    and.push({
      OR: [
        { name: { contains: search, mode: "insensitive" } },
        { sku: { contains: search, mode: "insensitive" } },
      ],
    });
  }
  if (input.inStock) and.push({ stock: { gt: 0 } });
  if (input.cursor) {
    const [name, id] = input.cursor;
    and.push({ OR: [{ name: { gt: name } }, { name, id: { gt: id } }] });
  }
  const rows = await ctx.db.product.findMany({
    where: { AND: and },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: input.limit + 1,
    select: productSelect,
  });
  return pageOf(rows, input.limit, (last) => [last.name, last.id]);
}
