import { Prisma } from "@/generated/prisma/client";
import { escapeLikePattern } from "../../like";
import type { ListProductsInput } from "./list.schema";

/** How many matching products a search ranks (docs/performance.md). */
export const SEARCH_CANDIDATES = 200;
/** With no product containing the text, names with a word at least this similar to it are shown (typos). */
export const FUZZY_MIN_SIMILARITY = 0.5;

type SearchInput = Pick<ListProductsInput, "cursor" | "inStock" | "limit">;

const columns = Prisma.raw(`"id", "sku", "name", "description", "priceMinor", "currency", "stock", "updatedAt"`);

/**
 * The search's settings, for its transaction only (`productSearchSql` runs after them):
 * - the trigram index always, never a scan: PostgreSQL's estimate for a text in 1% of the products
 *   chose a scan that stops after 200 matches, which reads half the table at 50,000 products (the cost
 *   then grew with the catalog); the index finds them at the same cost at any size;
 * - the word-similarity threshold of `<%` for near spellings.
 */
export const searchSettingsSql = Prisma.sql`SELECT set_config('enable_seqscan', 'off', true), set_config('pg_trgm.word_similarity_threshold', ${String(FUZZY_MIN_SIMILARITY)}, true)`;

/**
 * A search page, ranked by relevance: how closely the text matches a word of the name or the SKU (pg_trgm's
 * word similarity: a whole word first, then a part of one, then closer spellings), then name and id.
 *
 * The cost does not follow the catalog's size: the candidates are at most SEARCH_CANDIDATES products
 * containing the text, found through the trigram GIN index, and only they are ranked. A text in
 * thousands of products shows a few hundred of them; a narrower text finds the rest. When no product
 * contains the text, the candidates are the products with a word near it (a typo, `<%` through the same
 * index). Pages continue after the cursor's product, whose rank is computed again from its name and SKU.
 * The benchmark's references send this same statement, with the same settings.
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
