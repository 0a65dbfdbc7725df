import type { Context } from "../../context";
import { NEEDS_STOCK_LIMIT } from "./inventory.schema";

/** Totals in one pass over the active products; the short list walks Product(stock, id) from zero up. */
export async function inventoryHandler({ ctx }: { ctx: Context }) {
  const [rows, needsStock] = await Promise.all([
    ctx.db.$queryRaw<{ currency: string; products: number; units: bigint; value: bigint; lowStock: number; outOfStock: number }[]>`
      SELECT "currency", count(*)::int AS products, sum("stock")::bigint AS units,
             sum("stock"::bigint * "priceMinor")::bigint AS value,
             (count(*) FILTER (WHERE "stock" > 0 AND "stock" <= "lowStockThreshold"))::int AS "lowStock",
             (count(*) FILTER (WHERE "stock" = 0))::int AS "outOfStock"
        FROM "Product" WHERE "active" GROUP BY "currency" ORDER BY "currency"`,
    ctx.db.product.findMany({
      where: { active: true, stock: { lte: ctx.db.product.fields.lowStockThreshold } },
      orderBy: [{ stock: "asc" }, { id: "asc" }],
      take: NEEDS_STOCK_LIMIT,
      select: { id: true, sku: true, name: true, stock: true, lowStockThreshold: true },
    }),
  ]);
  return {
    currencies: rows.map((r) => ({
      currency: r.currency,
      products: r.products,
      units: Number(r.units),
      valueMinor: Number(r.value),
      lowStock: r.lowStock,
      outOfStock: r.outOfStock,
    })),
    needsStock,
  };
}
