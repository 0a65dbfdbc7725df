/**
 * What an order read loads, in the domain (checkout and the order procedures both read orders this way);
 * routers/order/order.output.ts describes the same shape to clients.
 */
/** One query shape for every order read: lines, customer and history come with it (no N+1). */
export const orderInclude = {
  lines: {
    orderBy: { id: "asc" },
    select: { id: true, productId: true, sku: true, name: true, unitPriceMinor: true, quantity: true, lineTotalMinor: true },
  },
  customer: { select: { id: true, email: true, name: true } },
  history: { orderBy: { id: "asc" }, select: { fromStatus: true, toStatus: true, actorType: true, actorId: true, at: true } },
} as const;
