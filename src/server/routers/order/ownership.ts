import type { Prisma } from "@/generated/prisma/client";
import { seesAll, type Actor } from "../../auth/permissions";

/**
 * The orders a caller may see: every order with `order:read:any` (staff, admins, `orders:read` keys),
 * otherwise only their own. Queries add this to their `where`, so another owner's id is simply not found.
 */
export function visibleOrders(actor: Actor): Prisma.OrderWhereInput {
  if (seesAll(actor, "order")) return {};
  return actor.type === "user" ? { customerId: actor.userId } : { id: { in: [] } };
}
