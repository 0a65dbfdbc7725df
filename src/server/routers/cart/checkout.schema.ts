import { z } from "zod";
import { idempotencyKeyField } from "../order/checkout.fields";

export const checkoutInput = z.object({
  /** New for each checkout attempt; send the same one again to retry it safely. */
  idempotencyKey: idempotencyKeyField,
});
export type CheckoutInput = z.infer<typeof checkoutInput>;
