import { z } from "zod";
import { text } from "../../validation/text";
import { cursorInput, pageLimit } from "../../cursor";
import { productCardOutput } from "./product.output";

/** Position after the last row of a page: the sort key (name) and the tie-breaker (id). */
const cursor = cursorInput(z.tuple([text().max(500), text().min(1).max(64)]));

export const listProductsInput = z.object({
  limit: pageLimit,
  cursor: cursor.nullish(),
  search: text().trim().max(100).optional(),
  /** Only products that can be bought now. */
  inStock: z.boolean().optional(),
});

export type ListProductsInput = z.infer<typeof listProductsInput>;

export const listProductsOutput = z.object({
  items: z.array(productCardOutput),
  nextCursor: z.string().nullable(),
});
