import { z } from "zod";
import { text } from "../../validation/text";
import { checkoutLinesField, idempotencyKeyField } from "./checkout.fields";

export const createOrderInput = z.object({
  idempotencyKey: idempotencyKeyField,
  lines: checkoutLinesField,
  /** Whose order this is. Required for API keys and staff ordering for someone; a customer orders for themselves. */
  customerId: text().trim().min(1).max(64).optional(),
});
export type CreateOrderInput = z.infer<typeof createOrderInput>;
