/** How many days the sales and best-seller reports cover, today included (UTC days of the database's clock). */
export const REPORT_DAYS = 30;

/** SQL for the first instant of the report's oldest day; days are UTC so every instance agrees. */
export const reportWindowStart = `date_trunc('day', now() AT TIME ZONE 'UTC') - interval '${REPORT_DAYS - 1} days'`;
