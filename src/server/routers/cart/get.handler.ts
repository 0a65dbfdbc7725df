import type { UserContext } from "../../context";
import { readCart } from "./cart.output";

/** The caller's cart, priced from the catalog now. */
export function getCartHandler({ ctx }: { ctx: Pick<UserContext, "actor" | "db"> }) {
  return readCart(ctx.db, ctx.actor.userId);
}
