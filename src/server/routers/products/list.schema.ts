import { z } from "zod";
import { text } from "../../validation/text";
import { cursorInput, pageLimit } from "../../cursor";

export const catalogSorts = ["name", "price", "stock", "updated"] as const;

/** Where the next page starts: the sort it belongs to and the last row's (sort value, id). */
const catalogCursor = cursorInput(
  z.tuple([z.enum(catalogSorts), z.enum(["asc", "desc"]), z.union([text().max(500), z.number()]), text().min(1).max(64)]),
);

/** The product list's filters and sort, shared by the list and the CSV export. */
export const catalogFilterFields = {
  /** Active (on sale), archived, or both. */
  status: z.enum(["active", "archived", "all"]).default("all"),
  /** Only products at or below their low-stock threshold. */
  lowStock: z.boolean().default(false),
  /** In name or SKU, case-insensitive. */
  search: text().trim().max(100).optional(),
  sort: z.enum(catalogSorts).default("name"),
  /** asc or desc. (Not "direction": tRPC's infinite queries put their own `direction` into the input.) */
  order: z.enum(["asc", "desc"]).default("asc"),
};

export const listCatalogInput = z
  .object({ limit: pageLimit, cursor: catalogCursor.nullish(), ...catalogFilterFields })
  .default({ limit: 20, status: "all", lowStock: false, sort: "name", order: "asc" });
export type ListCatalogInput = z.infer<typeof listCatalogInput>;

export const lowStockInput = z.object({ limit: pageLimit, cursor: catalogCursor.nullish() }).default({ limit: 20 });
export type LowStockInput = z.infer<typeof lowStockInput>;
