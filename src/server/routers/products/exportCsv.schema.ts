import { z } from "zod";
import { catalogFilterFields } from "./list.schema";

/** The product list's filters and sort: the export is the list, every page of it. */
export const exportProductsInput = z.object(catalogFilterFields).default({ status: "all", lowStock: false, sort: "name", order: "asc" });
export type ExportProductsInput = z.infer<typeof exportProductsInput>;
