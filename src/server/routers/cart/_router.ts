import { router, signedInProcedure } from "../../trpc";
import { placedOrderOutput } from "../order/order.output";
import { cartOutput } from "./cart.output";
import { checkoutHandler } from "./checkout.handler";
import { checkoutInput } from "./checkout.schema";
import { getCartHandler } from "./get.handler";
import { addToCartHandler, removeFromCartHandler, setCartQuantityHandler } from "./setQuantity.handler";
import { cartLineInput, removeFromCartInput } from "./setQuantity.schema";

/** The signed-in person's server-side cart and its checkout (the web app; integrators use order.create). */
export const cartRouter = router({
  get: signedInProcedure.output(cartOutput).query(getCartHandler),
  add: signedInProcedure.input(cartLineInput).output(cartOutput).mutation(addToCartHandler),
  setQuantity: signedInProcedure.input(cartLineInput).output(cartOutput).mutation(setCartQuantityHandler),
  remove: signedInProcedure.input(removeFromCartInput).output(cartOutput).mutation(removeFromCartHandler),
  checkout: signedInProcedure.meta({ rateLimit: "checkout" }).input(checkoutInput).output(placedOrderOutput).mutation(checkoutHandler),
});
