import { z } from "zod";

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
