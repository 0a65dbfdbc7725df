/**
 * The best sellers' window: ProductSalesDay holds what each product sold per UTC day, ProductSalesWindow the
 * same summed over the report's days. Triggers keep both in the transaction of each sale and cancellation
 * (migration 20261204173501_sales_summary); this module moves the window forward as days pass (decision 025).
 */
import type { DbClient } from "../db";

/** How many days the sales and best-seller reports cover, today included (UTC days of the database's clock). */
export const REPORT_DAYS = 30;

/** SQL for the report's oldest day (a date); days are UTC so every instance agrees. */
export const reportFirstDay = `(now() AT TIME ZONE 'UTC')::date - ${REPORT_DAYS - 1}`;

/**
 * Moves the window to start at the report's oldest day, subtracting the days it leaves. Cheap when it is in
 * place (one read of one row), so the report calls it before every read; the daily job moves it just after
 * midnight so that a read seldom has to. Returns how many products' totals it changed.
 */
export async function moveSalesWindow(db: DbClient): Promise<number> {
  const [row] = await db.$queryRawUnsafe<{ moved: number }[]>(`SELECT "stockroom_move_sales_window"(${reportFirstDay}) AS "moved"`);
  return row?.moved ?? 0;
}
