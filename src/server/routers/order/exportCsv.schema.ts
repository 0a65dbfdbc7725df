import { z } from "zod";
import { dateRangeCheck, orderFilterFields } from "./list.schema";

/** The order list's filters: the export is the list, every page of it, one row per order line. */
export const exportOrdersInput = z
  .object(orderFilterFields)
  .refine(...dateRangeCheck)
  .default({});
export type ExportOrdersInput = z.infer<typeof exportOrdersInput>;
