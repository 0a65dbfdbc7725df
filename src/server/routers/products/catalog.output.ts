import { z } from "zod";
import { productOutput, productSelect } from "../storefront/product.output";
import { productImageOutput } from "./image.output";

/** A product as the back office and integrators with `products:read` see it: archived ones too. */
export const catalogProductOutput = productOutput.extend({
  active: z.boolean(),
  lowStockThreshold: z.number().int(),
  lowStock: z.boolean(),
  createdAt: z.date(),
});

export const catalogProductSelect = { ...productSelect, active: true, lowStockThreshold: true, createdAt: true } as const;

/** Adds the derived `lowStock` flag to a row selected with `catalogProductSelect`. */
export function toCatalogProduct<T extends { stock: number; lowStockThreshold: number }>(row: T): T & { lowStock: boolean } {
  return { ...row, lowStock: row.stock <= row.lowStockThreshold };
}

/** One product in the back office: with its pictures in order, for the gallery editor. */
export const catalogProductDetailOutput = catalogProductOutput.extend({ images: z.array(productImageOutput) });

/** A page of the back office's product list: each product with its main picture (null when it has none). */
export const catalogPageOutput = z.object({
  items: z.array(catalogProductOutput.extend({ image: productImageOutput.nullable() })),
  nextCursor: z.string().nullable(),
});
