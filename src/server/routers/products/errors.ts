import { appError } from "../../errors";

export function productNotFound(id: string, field = "id") {
  return appError("NOT_FOUND", "PRODUCT_NOT_FOUND", `No product with id ${id}`, { field, productId: id });
}

export function skuTaken(sku: string) {
  return appError("CONFLICT", "SKU_TAKEN", `Another product already has SKU ${sku}`, { field: "sku", sku });
}
