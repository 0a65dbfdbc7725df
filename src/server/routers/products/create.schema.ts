import { z } from "zod";
import { wholeNumber } from "../../validation/text";
import { currencyField, descriptionField, lowStockThresholdField, nameField, priceMinorField, skuField } from "./product.fields";

export const createProductInput = z.object({
  sku: skuField,
  name: nameField,
  description: descriptionField.default(""),
  priceMinor: priceMinorField,
  currency: currencyField.default("EUR"),
  lowStockThreshold: lowStockThresholdField.default(0),
  /** Recorded as a RECEIVED movement, so the ledger explains it. */
  initialStock: wholeNumber().min(0).max(1_000_000).default(0),
  active: z.boolean().default(true),
});
export type CreateProductInput = z.infer<typeof createProductInput>;
