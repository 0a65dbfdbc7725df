import { z } from "zod";
import {
  currencyField,
  descriptionField,
  lowStockThresholdField,
  nameField,
  priceMinorField,
  productIdField,
  skuField,
} from "./product.fields";

/** Changes the given fields only. Stock is not here: it changes through stock adjustments (the ledger). */
export const updateProductInput = z.object({
  id: productIdField,
  sku: skuField.optional(),
  name: nameField.optional(),
  description: descriptionField.optional(),
  priceMinor: priceMinorField.optional(),
  currency: currencyField.optional(),
  lowStockThreshold: lowStockThresholdField.optional(),
});
export type UpdateProductInput = z.infer<typeof updateProductInput>;
