import { z } from "zod";

/** How many products each best-seller list holds. */
export const TOP_PRODUCTS = 5;

const soldProduct = z.object({
  productId: z.string(),
  sku: z.string(),
  name: z.string(),
  currency: z.string(),
  units: z.number().int(),
  revenueMinor: z.number().int(),
});
export type SoldProduct = z.infer<typeof soldProduct>;

export const topProductsOutput = z.object({
  /** The most units sold in the last 30 days (cancelled orders left out). */
  byUnits: z.array(soldProduct),
  /** The most revenue in the last 30 days, ranked within each currency (currencies in alphabetical order). */
  byRevenue: z.array(soldProduct),
});
