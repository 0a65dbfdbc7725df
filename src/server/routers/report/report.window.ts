import { REPORT_DAYS, reportFirstDay } from "../../orders/sales-window";

export { REPORT_DAYS };

/** SQL for the first instant of the report's oldest day; days are UTC so every instance agrees. */
export const reportWindowStart = `(${reportFirstDay})::timestamp`;
