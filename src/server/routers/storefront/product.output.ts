import { z } from "zod";
import { productImageOutput } from "../products/image.output";

/** A product as the storefront and integrators see it. */
export const productOutput = z.object({
  id: z.string(),
  sku: z.string(),
  name: z.string(),
  description: z.string(),
  priceMinor: z.number().int(),
  currency: z.string().length(3),
  stock: z.number().int(),
  updatedAt: z.date(),
});

export type ProductOutput = z.infer<typeof productOutput>;

/** A product on a catalog page: with its main picture (null when it has none). */
export const productCardOutput = productOutput.extend({ image: productImageOutput.nullable() });

/** A product's own page: with every picture, the main one first. */
export const productDetailOutput = productOutput.extend({ images: z.array(productImageOutput) });

/** The columns behind `productOutput`; selecting them keeps future columns from leaking out. */
export const productSelect = {
  id: true,
  sku: true,
  name: true,
  description: true,
  priceMinor: true,
  currency: true,
  stock: true,
  updatedAt: true,
} as const;
