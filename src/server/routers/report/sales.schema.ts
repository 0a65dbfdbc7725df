import { z } from "zod";

const figures = { currency: z.string(), orders: z.number().int(), revenueMinor: z.number().int() };

export const salesOutput = z.object({
  /** Every day of the last 30 (UTC), oldest first, per currency sold in; a day without orders is zeros. */
  days: z.array(z.object({ day: z.iso.date(), ...figures })),
  /** Today, the last 7 days and the last 30, per currency: orders, revenue and the average order. */
  totals: z.array(z.object({ window: z.enum(["today", "7 days", "30 days"]), ...figures, averageOrderMinor: z.number().int() })),
});
export type SalesOutput = z.infer<typeof salesOutput>;
