import { Prisma } from "@/generated/prisma/client";
import { escapeLikePattern } from "../../like";
import type { ListProductsInput } from "./list.schema";

/** How many matching products a search ranks (docs/performance.md). */
export const SEARCH_CANDIDATES = 200;
/**
 * With no product containing the text, names with a word at least this similar to it are shown (typos):
 * pg_trgm's default `word_similarity_threshold`, which `<%` uses (and the GIN index with it).
 */
export const FUZZY_MIN_SIMILARITY = 0.6;

type SearchInput = Pick<ListProductsInput, "cursor" | "inStock" | "limit">;

const columns = Prisma.raw(`"id", "sku", "name", "description", "priceMinor", "currency", "stock", "updatedAt"`);

/**
 * A search page, ranked by relevance: how closely the text matches a word of the name or the SKU (pg_trgm's
 * word similarity: a whole word first, then a part of one, then closer spellings), then name and id.
 *
 * The cost does not follow the catalog's size: the candidates are at most SEARCH_CANDIDATES products
 * containing the text, found through the trigram GIN index (a rare text) or the first rows of a scan (a
 * common one), and only they are ranked. A text in thousands of products shows a few hundred of them; a
 * narrower text finds the rest. When no product contains the text, the candidates are the products with a
 * word near it (a typo: `<%`, through the same index). Pages continue after the cursor's product, whose
 * rank is computed again from its name and SKU. One statement; the benchmark's references send it too.
 */
export function productSearchSql(input: SearchInput, search: string): Prisma.Sql {
  const pattern = `%${escapeLikePattern(search)}%`;
  const inStock = input.inStock ? Prisma.sql`AND "stock" > 0` : Prisma.empty;
  const after = input.cursor
    ? Prisma.sql`AND ("distance", "name", "id") > ((SELECT LEAST(${search} <<-> "name", ${search} <<-> "sku") FROM "Product" WHERE "id" = ${input.cursor[1]}), ${input.cursor[0]}, ${input.cursor[1]})`
    : Prisma.empty;
  return Prisma.sql`
    WITH containing AS MATERIALIZED (
      SELECT ${columns} FROM "Product" WHERE "active" ${inStock} AND ("name" ILIKE ${pattern} OR "sku" ILIKE ${pattern}) LIMIT ${SEARCH_CANDIDATES}
    ),
    near AS MATERIALIZED (
      SELECT ${columns} FROM "Product" WHERE NOT EXISTS (SELECT 1 FROM containing) AND "active" ${inStock} AND ${search} <% "name" LIMIT ${SEARCH_CANDIDATES}
    ),
    ranked AS (
      SELECT *, LEAST(${search} <<-> "name", ${search} <<-> "sku") AS "distance" FROM (SELECT * FROM containing UNION ALL SELECT * FROM near) candidates
    )
    SELECT * FROM ranked WHERE true ${after} ORDER BY "distance", "name", "id" LIMIT ${input.limit + 1}`;
}
