import { Prisma } from "@/generated/prisma/client";
import type { Context } from "../../context";
import { escapeLikePattern } from "../../like";
import { keysetAfter, pageOf } from "../../cursor";
import type { ListProductsInput } from "./list.schema";
import { productSelect, type ProductOutput } from "./product.output";

/**
 * Active products by name, then id, with keyset pagination: a page starts strictly after the cursor's
 * (name, id), so inserts and deletes between pages neither repeat nor skip rows. Pages are cached.
 */
export function listProductsHandler({ ctx, input }: { ctx: Pick<Context, "cache" | "db">; input: ListProductsInput }) {
  return ctx.cache.list(input, () => (input.search ? searchProductPage(ctx, input, input.search) : loadProductPage(ctx, input)));
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

/**
 * A search page. The matches are found first (through the trigram index) and only then sorted. Asked for
 * "by name, first 21 matching" in one query, PostgreSQL walks the name index testing every row, which for a
 * rare term means the whole table (90 ms at 50,000 products; `npm run bench`'s growth check found it).
 * The cost now follows the number of matches (docs/performance.md).
 */
async function searchProductPage(ctx: Pick<Context, "db">, input: ListProductsInput, search: string) {
  const pattern = `%${escapeLikePattern(search)}%`;
  const after = input.cursor
    ? Prisma.sql`AND "name" >= ${input.cursor[0]} AND ("name" > ${input.cursor[0]} OR "id" > ${input.cursor[1]})`
    : Prisma.empty;
  const inStock = input.inStock ? Prisma.sql`AND "stock" > 0` : Prisma.empty;
  const rows = await ctx.db.$queryRaw<ProductOutput[]>`
    WITH matches AS MATERIALIZED (
      SELECT "id", "sku", "name", "description", "priceMinor", "currency", "stock", "updatedAt" FROM "Product"
      WHERE "active" AND ("name" ILIKE ${pattern} OR "sku" ILIKE ${pattern}) ${inStock} ${after}
    )
    SELECT * FROM matches ORDER BY "name", "id" LIMIT ${input.limit + 1}`;
  return pageOf(rows, input.limit, (last) => [last.name, last.id]);
}
