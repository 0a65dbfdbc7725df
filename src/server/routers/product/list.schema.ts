import { z } from "zod";
import { productOutput } from "./product.output";

/** Position after the last row of a page: the sort key (name) and the tie-breaker (id). */
export interface ProductCursor {
  name: string;
  id: string;
}

export function encodeProductCursor(cursor: ProductCursor): string {
  return Buffer.from(JSON.stringify([cursor.name, cursor.id]), "utf8").toString("base64url");
}

const cursorShape = z.tuple([z.string().max(500), z.string().min(1).max(64)]);

/** Opaque to clients; anything that does not decode is an input error on `cursor`. */
const cursorInput = z
  .string()
  .max(1000)
  .transform((raw, ctx): ProductCursor => {
    try {
      const [name, id] = cursorShape.parse(JSON.parse(Buffer.from(raw, "base64url").toString("utf8")));
      return { name, id };
    } catch {
      ctx.addIssue({ code: "custom", message: "Invalid cursor: pass back a nextCursor from a previous page" });
      return z.NEVER;
    }
  });

export const listProductsInput = z.object({
  limit: z.number().int().min(1).max(100).default(20),
  cursor: cursorInput.nullish(),
  search: z.string().trim().max(100).optional(),
});

export type ListProductsInput = z.infer<typeof listProductsInput>;

export const listProductsOutput = z.object({
  items: z.array(productOutput),
  nextCursor: z.string().nullable(),
});
