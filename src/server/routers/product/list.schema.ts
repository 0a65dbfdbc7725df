import { z } from "zod";
import { cursorInput, pageLimit } from "../../cursor";
import { productOutput } from "./product.output";

/** Position after the last row of a page: the sort key (name) and the tie-breaker (id). */
const cursor = cursorInput(z.tuple([z.string().max(500), z.string().min(1).max(64)]));

export const listProductsInput = z.object({
  limit: pageLimit,
  cursor: cursor.nullish(),
  search: z.string().trim().max(100).optional(),
  /** Only products that can be bought now. */
  inStock: z.boolean().optional(),
});

export type ListProductsInput = z.infer<typeof listProductsInput>;

export const listProductsOutput = z.object({
  items: z.array(productOutput),
  nextCursor: z.string().nullable(),
});
