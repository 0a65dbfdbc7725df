import type { Context } from "../../context";
import { moveSalesWindow } from "../../orders/sales-window";
import { TOP_PRODUCTS, type SoldProduct } from "./topProducts.schema";

type Row = Omit<SoldProduct, "revenueMinor"> & { list: "units" | "revenue"; revenue: bigint };

/**
 * Both lists from the window's per-product totals (ProductSalesWindow, kept by the sales triggers), each a
 * walk down an index: the top units, and the top revenue within each currency (the currencies found by
 * skipping through the currency index). Names and SKUs are read for the winners only.
 */
export async function topProductsHandler({ ctx }: { ctx: Context }) {
  await moveSalesWindow(ctx.db);
  const rows = await ctx.db.$queryRawUnsafe<Row[]>(
    `
    WITH RECURSIVE currencies AS (
      SELECT min("currency") AS "currency" FROM "ProductSalesWindow"
      UNION ALL
      SELECT (SELECT min(w."currency") FROM "ProductSalesWindow" w WHERE w."currency" > c."currency")
        FROM currencies c WHERE c."currency" IS NOT NULL
    ), top AS (
      (SELECT 'units' AS list, 0 AS part, byUnits.*
         FROM (SELECT * FROM "ProductSalesWindow" WHERE "units" > 0
                ORDER BY "units" DESC, "revenueMinor" DESC, "productId" LIMIT $1) AS byUnits)
      UNION ALL
      (SELECT 'revenue', 1, byRevenue.*
         FROM currencies c
         CROSS JOIN LATERAL (SELECT * FROM "ProductSalesWindow" w WHERE w."currency" = c."currency" AND w."units" > 0
                              ORDER BY w."revenueMinor" DESC, w."units" DESC, w."productId" LIMIT $1) AS byRevenue
        WHERE c."currency" IS NOT NULL)
    )
    SELECT top.list, top."productId", p."sku", p."name", top."currency", top.units, top."revenueMinor" AS revenue
      FROM top JOIN "Product" p ON p."id" = top."productId"
     ORDER BY top.part, CASE WHEN top.part = 1 THEN top."currency" END,
              CASE WHEN top.part = 0 THEN top.units::bigint ELSE top."revenueMinor" END DESC,
              CASE WHEN top.part = 0 THEN top."revenueMinor" ELSE top.units::bigint END DESC, top."productId"`,
    TOP_PRODUCTS,
  );
  const shape = ({ productId, sku, name, currency, units, revenue }: Row): SoldProduct => ({
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
