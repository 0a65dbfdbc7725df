import { Prisma } from "@/generated/prisma/client";
import type { Context } from "../../context";
import { keysetAfter, pageOf } from "../../cursor";
import type { ListProductsInput } from "./list.schema";
import { productSelect, type ProductOutput } from "./product.output";
import { productSearchSql } from "./search.sql";
import { mainImagesOf } from "../products/image.output";

/**
 * Active products by name, then id, with keyset pagination: a page starts strictly after the cursor's
 * (name, id), so inserts and deletes between pages neither repeat nor skip rows. Pages are cached.
 */
export function listProductsHandler({ ctx, input }: { ctx: Pick<Context, "cache" | "db">; input: ListProductsInput }) {
  return ctx.cache.list(input, async () => {
    const page = input.search ? await searchProductPage(ctx, input, input.search) : await loadProductPage(ctx, input);
    const images = await mainImagesOf(
      ctx.db,
      page.items.map((item) => item.id),
    );
    return { ...page, items: page.items.map((item) => ({ ...item, image: images.get(item.id) ?? null })) };
  });
}

async function loadProductPage(ctx: Pick<Context, "db">, input: ListProductsInput) {
  const and: Prisma.ProductWhereInput[] = [{ active: true }];
  if (input.inStock) and.push({ stock: { gt: 0 } });
  if (input.cursor) {
    const [name, id] = input.cursor;
    and.push(keysetAfter("name", name, id, "asc"));
  }
  const rows = await ctx.db.product.findMany({
    where: { AND: and },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: input.limit + 1,
    select: productSelect,
  });
  return pageOf(rows, input.limit, (last) => [last.name, last.id]);
}

/** A search page, ranked by relevance (./search.sql.ts). */
async function searchProductPage(ctx: Pick<Context, "db">, input: ListProductsInput, search: string) {
  const rows = await ctx.db.$queryRaw<(ProductOutput & { distance: number })[]>(productSearchSql(input, search));
  const items = rows.map(({ distance: _distance, ...product }) => product);
  return pageOf(items, input.limit, (last) => [last.name, last.id]);
}
