import { z } from "zod";
import type { DbClient } from "../../db";

export const cartItemOutput = z.object({
  productId: z.string(),
  sku: z.string(),
  name: z.string(),
  /** Today's price from the catalog; checkout charges the price at that moment. */
  unitPriceMinor: z.number().int(),
  currency: z.string(),
  quantity: z.number().int(),
  lineTotalMinor: z.number().int(),
  /** In stock now. */
  available: z.number().int(),
  /** Why this line cannot be checked out as it is: archived, or more than is in stock. */
  problem: z.enum(["UNAVAILABLE", "INSUFFICIENT_STOCK"]).nullable(),
});

export const cartOutput = z.object({
  items: z.array(cartItemOutput),
  /** Null when the cart is empty or mixes currencies. */
  currency: z.string().nullable(),
  subtotalMinor: z.number().int(),
  /** True when every line can be checked out as it is. */
  ready: z.boolean(),
});
export type CartOutput = z.infer<typeof cartOutput>;

/** The cart with today's prices and stock, oldest line first. */
export async function readCart(db: DbClient, userId: string): Promise<CartOutput> {
  const rows = await db.cartItem.findMany({
    where: { userId },
    orderBy: [{ addedAt: "asc" }, { productId: "asc" }],
    select: {
      quantity: true,
      product: { select: { id: true, sku: true, name: true, priceMinor: true, currency: true, stock: true, active: true } },
    },
  });
  const items = rows.map(({ quantity, product }) => ({
    productId: product.id,
    sku: product.sku,
    name: product.name,
    unitPriceMinor: product.priceMinor,
    currency: product.currency,
    quantity,
    lineTotalMinor: product.priceMinor * quantity,
    available: product.stock,
    problem: !product.active ? ("UNAVAILABLE" as const) : quantity > product.stock ? ("INSUFFICIENT_STOCK" as const) : null,
  }));
  const currencies = new Set(items.map((i) => i.currency));
  return {
    items,
    currency: currencies.size === 1 ? items[0]!.currency : null,
    subtotalMinor: items.reduce((sum, i) => sum + i.lineTotalMinor, 0),
    ready: items.length > 0 && currencies.size === 1 && items.every((i) => i.problem === null),
  };
}
