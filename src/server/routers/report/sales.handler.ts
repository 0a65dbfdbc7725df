import type { Context } from "../../context";
import { REPORT_DAYS, reportWindowStart } from "./report.window";
import type { SalesOutput } from "./sales.schema";

const windows = [
  ["today", 1],
  ["7 days", 7],
  ["30 days", 30],
] as const;

/** One grouped read over Order(createdAt); cancelled orders are not sales. Days are zero-filled here. */
export async function salesHandler({ ctx }: { ctx: Context }): Promise<SalesOutput> {
  // Grouped on date_trunc and formatted after: to_char on every row costs more than the rest of the query.
  const rows = await ctx.db.$queryRawUnsafe<{ day: string; currency: string; orders: number; revenue: bigint; today: string }[]>(`
    SELECT to_char(day, 'YYYY-MM-DD') AS day, "currency", orders, revenue, to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS today
      FROM (SELECT date_trunc('day', "createdAt") AS day, "currency", count(*)::int AS orders, sum("totalMinor")::bigint AS revenue
              FROM "Order"
             WHERE "createdAt" >= ${reportWindowStart} AND "status" <> 'CANCELLED'
             GROUP BY 1, 2) AS daily`);
  // The database's "today", so a report read just after midnight UTC agrees with the rows it grouped.
  const today = rows[0]?.today ?? new Date().toISOString().slice(0, 10);
  const dayList = Array.from({ length: REPORT_DAYS }, (_, i) => {
    const d = new Date(`${today}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() - (REPORT_DAYS - 1 - i));
    return d.toISOString().slice(0, 10);
  });
  const currencies = [...new Set(rows.map((r) => r.currency))].sort();
  const found = new Map(rows.map((r) => [`${r.day} ${r.currency}`, r]));
  const days = dayList.flatMap((day) =>
    currencies.map((currency) => {
      const row = found.get(`${day} ${currency}`);
      return { day, currency, orders: row?.orders ?? 0, revenueMinor: Number(row?.revenue ?? 0) };
    }),
  );
  const totals = windows.flatMap(([window, length]) =>
    currencies.map((currency) => {
      const inWindow = days.filter((d) => d.currency === currency && d.day >= dayList[REPORT_DAYS - length]!);
      const orders = inWindow.reduce((sum, d) => sum + d.orders, 0);
      const revenueMinor = inWindow.reduce((sum, d) => sum + d.revenueMinor, 0);
      return { window, currency, orders, revenueMinor, averageOrderMinor: orders ? Math.round(revenueMinor / orders) : 0 };
    }),
  );
  return { days, totals };
}
