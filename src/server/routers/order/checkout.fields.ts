import { z } from "zod";
import { text, wholeNumber } from "../../validation/text";
import { productIdField } from "../products/product.fields";

/** Chosen by the client, one per checkout attempt, reused only to retry that attempt. */
export const idempotencyKeyField = text()
  .trim()
  .min(8, "Use at least 8 characters (a UUID is ideal)")
  .max(100)
  .regex(/^[A-Za-z0-9._:-]+$/, "Use letters, digits, '.', '_', ':' or '-'");

/** One line to order: how many of which product (the price always comes from the database). */
export const quantityField = wholeNumber("Quantities are whole numbers").min(1, "Order at least one").max(1000);

export const checkoutLinesField = z
  .array(z.object({ productId: productIdField, quantity: quantityField }))
  .min(1, "An order needs at least one line")
  .max(100);
