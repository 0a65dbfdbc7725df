import type { Product } from "@/generated/prisma/client";
import { minorToText } from "@/lib/money";
import type { CsvValue } from "../../csv/write";

/**
 * The product CSV's columns, in the order the export writes them. The import reads the same names (in any
 * order); `id` and `updatedAt` are for the reader and ignored on import. Prices are decimal amounts in the
 * row's currency ("12.50"), as a spreadsheet shows them.
 */
export const productCsvColumns = [
  "sku",
  "name",
  "description",
  "price",
  "currency",
  "stock",
  "lowStockThreshold",
  "active",
  "id",
  "updatedAt",
] as const;
export type ProductCsvColumn = (typeof productCsvColumns)[number];

/** Columns the import reads; the others are information. */
export const importedColumns = ["sku", "name", "description", "price", "currency", "stock", "lowStockThreshold", "active"] as const;

type ExportedProduct = Pick<
  Product,
  "id" | "sku" | "name" | "description" | "priceMinor" | "currency" | "stock" | "lowStockThreshold" | "active" | "updatedAt"
>;

export function productCsvRow(p: ExportedProduct): CsvValue[] {
  return [
    p.sku,
    p.name,
    p.description,
    minorToText(p.priceMinor, p.currency),
    p.currency,
    p.stock,
    p.lowStockThreshold,
    p.active,
    p.id,
    p.updatedAt.toISOString(),
  ];
}
