import { z } from "zod";
import { productIdField } from "../products/product.fields";
import { quantityField } from "../order/checkout.fields";

/** `add` adds to what is in the cart; `setQuantity` replaces it. */
export const cartLineInput = z.object({ productId: productIdField, quantity: quantityField });
export type CartLineInput = z.infer<typeof cartLineInput>;

export const removeFromCartInput = z.object({ productId: productIdField });
export type RemoveFromCartInput = z.infer<typeof removeFromCartInput>;
