import { Prisma } from "@/generated/prisma/client";
import { escapeLikePattern } from "../../like";
import type { ListProductsInput } from "./list.schema";

/** How many candidates a search ranks, from each of its two index lookups (docs/performance.md). */
export const SEARCH_CANDIDATES = 200;
/** With no product containing the text, names at least this word-similar to it are shown (typos). */
const FUZZY_MIN_SIMILARITY = 0.5;

/**
 * A search page, ranked by relevance: how closely the text matches a word of the name or the SKU (pg_trgm's
 * word similarity: an exact word is 0, then closer spellings first), then name and id. The cost does not
 * follow the catalog's size: the candidates are at most SEARCH_CANDIDATES products containing the text
 * (trigram GIN index) and the SEARCH_CANDIDATES names nearest to it (GiST index, nearest first), so a
 * search that matches thousands of products shows its best few hundred; a narrower text finds the rest.
 * Products containing the text are the results; when there are none, the near spellings are (a typo).
 * Pages continue after the cursor's product, whose rank is computed again from its name and SKU. The
 * benchmark's references send this same statement.
 */
export function productSearchSql(input: Pick<ListProductsInput, "cursor" | "inStock" | "limit">, search: string): Prisma.Sql {
  const pattern = `%${escapeLikePattern(search)}%`;
  const inStock = input.inStock ? Prisma.sql`AND "stock" > 0` : Prisma.empty;
  const after = input.cursor
    ? Prisma.sql`AND ("distance", "name", "id") > ((SELECT LEAST(${search} <<-> "name", ${search} <<-> "sku") FROM "Product" WHERE "id" = ${input.cursor[1]}), ${input.cursor[0]}, ${input.cursor[1]})`
    : Prisma.empty;
  return Prisma.sql`
    WITH candidates AS MATERIALIZED (
      (SELECT "id" FROM "Product" WHERE "active" ${inStock} AND ("name" ILIKE ${pattern} OR "sku" ILIKE ${pattern}) LIMIT ${SEARCH_CANDIDATES})
      UNION
      (SELECT "id" FROM "Product" WHERE "active" ${inStock} ORDER BY ${search} <<-> "name" LIMIT ${SEARCH_CANDIDATES})
    ),
    ranked AS MATERIALIZED (
      SELECT p."id", p."sku", p."name", p."description", p."priceMinor", p."currency", p."stock", p."updatedAt",
        LEAST(${search} <<-> p."name", ${search} <<-> p."sku") AS "distance",
        (p."name" ILIKE ${pattern} OR p."sku" ILIKE ${pattern}) AS "contains"
      FROM candidates JOIN "Product" p USING ("id")
    ),
    shown AS (
      SELECT * FROM ranked
      WHERE "contains" OR (NOT EXISTS (SELECT 1 FROM ranked WHERE "contains") AND "distance" <= ${1 - FUZZY_MIN_SIMILARITY})
    )
    SELECT * FROM shown WHERE true ${after} ORDER BY "distance", "name", "id" LIMIT ${input.limit + 1}`;
}
