import { z } from "zod";
import { text, wholeNumber } from "../../validation/text";
import { productIdField } from "../products/product.fields";

/** What staff may record by hand; SALE and CANCELLATION come only from orders. */
export const adjustmentReasons = ["RECEIVED", "CORRECTION", "DAMAGED", "RETURNED"] as const;

/** The sign each reason allows: deliveries and returns add, damage removes, a correction goes either way. */
const signOf = { RECEIVED: 1, RETURNED: 1, DAMAGED: -1, CORRECTION: 0 } as const;

export const adjustStockInput = z
  .object({
    productId: productIdField,
    reason: z.enum(adjustmentReasons),
    /** Signed change: +12 received, -2 damaged. */
    delta: wholeNumber()
      .min(-1_000_000)
      .max(1_000_000)
      .refine((d) => d !== 0, "A stock adjustment changes the stock by at least one unit"),
    note: text().trim().max(500).default(""),
  })
  .superRefine((input, ctx) => {
    const sign = signOf[input.reason];
    if (sign !== 0 && Math.sign(input.delta) !== sign) {
      ctx.addIssue({
        code: "custom",
        path: ["delta"],
        message: sign > 0 ? `${input.reason} adds stock: use a positive delta` : `${input.reason} removes stock: use a negative delta`,
      });
    }
  });
export type AdjustStockInput = z.infer<typeof adjustStockInput>;
