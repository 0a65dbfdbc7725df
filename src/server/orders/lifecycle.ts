import type { OrderStatus } from "@/generated/prisma/enums";

/**
 * The order lifecycle: PENDING -> PAID -> FULFILLED -> SHIPPED -> DELIVERED, and CANCELLED from PENDING or
 * PAID. Nothing leaves DELIVERED or CANCELLED.
 */
export const nextStatuses: Record<OrderStatus, readonly OrderStatus[]> = {
  PENDING: ["PAID", "CANCELLED"],
  PAID: ["FULFILLED", "CANCELLED"],
  FULFILLED: ["SHIPPED"],
  SHIPPED: ["DELIVERED"],
  DELIVERED: [],
  CANCELLED: [],
};

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return nextStatuses[from].includes(to);
}

/** What a customer may do to their own order: cancel it while it is still PENDING. */
export function customerMayTransition(from: OrderStatus, to: OrderStatus): boolean {
  return from === "PENDING" && to === "CANCELLED";
}
