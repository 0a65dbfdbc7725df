import { z } from "zod";

/** How many products the "needs stock" list holds (out of stock first, then the lowest). */
export const NEEDS_STOCK_LIMIT = 10;

export const inventoryOutput = z.object({
  /** Per currency, over products on sale (archived ones left out). */
  currencies: z.array(
    z.object({
      currency: z.string(),
      products: z.number().int(),
      units: z.number().int(),
      /** Stock valued at its selling price (Stockroom does not record cost prices). */
      valueMinor: z.number().int(),
      /** In stock but at or under the product's low-stock threshold. */
      lowStock: z.number().int(),
      outOfStock: z.number().int(),
    }),
  ),
  /** Products on sale that are out of stock or at or under their threshold, fewest first. */
  needsStock: z.array(
    z.object({ id: z.string(), sku: z.string(), name: z.string(), stock: z.number().int(), lowStockThreshold: z.number().int() }),
  ),
});
