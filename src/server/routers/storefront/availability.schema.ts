import { z } from "zod";
import { lastEventIdInput } from "../../cursor";
import { text } from "../../validation/text";

export const availabilityInput = z.object({
  /** The products to follow (a cart's, a product page's). */
  productIds: z
    .array(text().min(1).max(100))
    .min(1)
    .max(100)
    .refine((ids) => new Set(ids).size === ids.length, "List each product once"),
  lastEventId: lastEventIdInput,
});
export type AvailabilityInput = z.infer<typeof availabilityInput>;
