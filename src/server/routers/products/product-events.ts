import type { Product } from "@/generated/prisma/client";
import type { Actor } from "../../auth/permissions";
import type { Work } from "../../db/unit-of-work";
import { recordEvent } from "../../events/record";

/** The product's columns its events carry. */
export type ProductEventRow = Pick<Product, "id" | "sku" | "name" | "priceMinor" | "currency" | "active">;

/** The product's fields as its events carry them. */
export function productEventFields(product: ProductEventRow) {
  const { id, sku, name, priceMinor, currency, active } = product;
  return { productId: id, sku, name, priceMinor, currency, active };
}

export function recordProductCreated(work: Work, actor: Actor, product: ProductEventRow) {
  return recordEvent(work, actor, "product.created", productEventFields(product), product.id);
}

/** `changed`: the fields that changed, as the audit diff names them. */
export function recordProductUpdated(work: Work, actor: Actor, product: ProductEventRow, changed: string[]) {
  return recordEvent(work, actor, "product.updated", { ...productEventFields(product), changed }, product.id);
}

export function recordProductArchived(work: Work, actor: Actor, product: ProductEventRow) {
  return recordEvent(work, actor, "product.archived", productEventFields(product), product.id);
}
