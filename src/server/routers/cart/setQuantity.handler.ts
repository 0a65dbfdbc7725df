import type { UserContext } from "../../context";
import { appError } from "../../errors";
import { readCart } from "./cart.output";
import type { CartLineInput, RemoveFromCartInput } from "./setQuantity.schema";

/**
 * Puts `quantity` of a product in the cart (added to what is there, or replacing it), checked against
 * the stock right now. Checkout checks again, because stock can run out in between.
 */
function putInCart(mode: "add" | "set") {
  return async function putInCartHandler({ ctx, input }: { ctx: Pick<UserContext, "actor" | "db">; input: CartLineInput }) {
    const userId = ctx.actor.userId;
    const product = await ctx.db.product.findFirst({ where: { id: input.productId, active: true }, select: { name: true, stock: true } });
    if (!product) throw appError("NOT_FOUND", "PRODUCT_UNAVAILABLE", `Product ${input.productId} is not for sale`, { field: "productId" });
    const current = await ctx.db.cartItem.findUnique({
      where: { userId_productId: { userId, productId: input.productId } },
      select: { quantity: true },
    });
    const quantity = mode === "add" ? (current?.quantity ?? 0) + input.quantity : input.quantity;
    if (quantity > product.stock) {
      throw appError(
        "CONFLICT",
        "INSUFFICIENT_STOCK",
        product.stock === 0
          ? `${product.name} is out of stock`
          : `Only ${product.stock} of ${product.name} in stock${current ? ` (${current.quantity} already in your cart)` : ""}`,
        { field: "quantity", productId: input.productId, available: product.stock, inCart: current?.quantity ?? 0 },
      );
    }
    await ctx.db.cartItem.upsert({
      where: { userId_productId: { userId, productId: input.productId } },
      create: { userId, productId: input.productId, quantity },
      update: { quantity },
    });
    return readCart(ctx.db, userId);
  };
}

export const addToCartHandler = putInCart("add");
export const setCartQuantityHandler = putInCart("set");

/** Takes a product out of the cart (no error if it was not there). */
export async function removeFromCartHandler({ ctx, input }: { ctx: Pick<UserContext, "actor" | "db">; input: RemoveFromCartInput }) {
  await ctx.db.cartItem.deleteMany({ where: { userId: ctx.actor.userId, productId: input.productId } });
  return readCart(ctx.db, ctx.actor.userId);
}
