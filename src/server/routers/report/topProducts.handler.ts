import type { Context } from "../../context";
import { reportWindowStart } from "./report.window";
import { TOP_PRODUCTS, type SoldProduct } from "./topProducts.schema";

type Row = SoldProduct & { list: "units" | "revenue" };

/**
 * Both lists from one statement: the window's lines summed per product and currency once, then a top-N
 * (heap sort, no full sort) for units and one per currency for revenue. Names and SKUs are read for the
 * winners only.
 */
export async function topProductsHandler({ ctx }: { ctx: Context }) {
  const rows = await ctx.db.$queryRawUnsafe<(Omit<Row, "revenueMinor"> & { revenue: bigint })[]>(
    `
    WITH sold AS MATERIALIZED (
      SELECT l."productId", o."currency", sum(l."quantity")::int AS units, sum(l."lineTotalMinor")::bigint AS revenue
        FROM "Order" o JOIN "OrderLine" l ON l."orderId" = o."id"
       WHERE o."createdAt" >= ${reportWindowStart} AND o."status" <> 'CANCELLED'
       GROUP BY l."productId", o."currency"
    ), top AS (
      (SELECT 'units' AS list, 0 AS part, row_number() OVER (ORDER BY units DESC, revenue DESC, "productId") AS rank, byUnits.*
         FROM (SELECT * FROM sold ORDER BY units DESC, revenue DESC, "productId" LIMIT $1) AS byUnits)
      UNION ALL
      (SELECT 'revenue', 1, row_number() OVER (ORDER BY c."currency", revenue DESC, units DESC, "productId"), byRevenue.*
         FROM (SELECT DISTINCT "currency" FROM sold) AS c
         CROSS JOIN LATERAL (SELECT * FROM sold WHERE sold."currency" = c."currency"
                              ORDER BY revenue DESC, units DESC, "productId" LIMIT $1) AS byRevenue)
    )
    SELECT top.list, top."productId", p."sku", p."name", top."currency", top.units, top.revenue
      FROM top JOIN "Product" p ON p."id" = top."productId"
     ORDER BY top.part, top.rank`,
    TOP_PRODUCTS,
  );
  const shape = ({ productId, sku, name, currency, units, revenue }: (typeof rows)[number]): SoldProduct => ({
    productId,
    sku,
    name,
    currency,
    units,
    revenueMinor: Number(revenue),
  });
  return {
    byUnits: rows.filter((r) => r.list === "units").map(shape),
    byRevenue: rows.filter((r) => r.list === "revenue").map(shape),
  };
}
