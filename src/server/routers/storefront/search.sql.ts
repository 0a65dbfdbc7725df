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
 * A search page, ranked by relevance: how closely the text matches a word of the name or the SKU (pg_trgm's
 * word similarity: a whole word first, then a part of one, then closer spellings), then name and id.
 *
 * The cost does not follow the catalog's size: the candidates are at most SEARCH_CANDIDATES products
 * containing the text, found through the trigram GIN index (a rare text) or the first rows of a scan (a
 * common one), and only they are ranked. A text that matches thousands of products shows a few hundred
 * of them; a narrower text finds the rest. `mode` is `contains`: the result says whether anything
 * contained the text at all (`found`; one row with no product when the page is empty), and when nothing
 * did the caller asks again with `near`: names with
 * a word near the text (a typo), through the same index with `<%` (the threshold set for the transaction).
 * Pages continue after the cursor's product, whose rank is computed again from its name and SKU. The
 * benchmark's references send this same statement.
 */
export function productSearchSql(input: SearchInput, search: string, mode: "contains" | "near" = "contains"): Prisma.Sql {
  const pattern = `%${escapeLikePattern(search)}%`;
  const inStock = input.inStock ? Prisma.sql`AND "stock" > 0` : Prisma.empty;
  const after = input.cursor
    ? Prisma.sql`AND ("distance", "name", "id") > ((SELECT LEAST(${search} <<-> "name", ${search} <<-> "sku") FROM "Product" WHERE "id" = ${input.cursor[1]}), ${input.cursor[0]}, ${input.cursor[1]})`
    : Prisma.empty;
  const matching = mode === "contains" ? Prisma.sql`("name" ILIKE ${pattern} OR "sku" ILIKE ${pattern})` : Prisma.sql`${search} <% "name"`;
  return Prisma.sql`
    WITH candidates AS MATERIALIZED (
      SELECT ${columns} FROM "Product" WHERE "active" ${inStock} AND ${matching} LIMIT ${SEARCH_CANDIDATES}
    ),
    ranked AS (
      SELECT *, LEAST(${search} <<-> "name", ${search} <<-> "sku") AS "distance" FROM candidates
    )
    SELECT f."found", page.* FROM (SELECT EXISTS (SELECT 1 FROM candidates) AS "found") f
    LEFT JOIN LATERAL (
      SELECT * FROM ranked WHERE true ${after} ORDER BY "distance", "name", "id" LIMIT ${input.limit + 1}
    ) page ON true
    ORDER BY page."distance", page."name", page."id"`;
}

/** The near-spelling search runs with its own threshold, for its transaction only. */
export const nearThresholdSql = Prisma.sql`SELECT set_config('pg_trgm.word_similarity_threshold', ${String(FUZZY_MIN_SIMILARITY)}, true)`;
