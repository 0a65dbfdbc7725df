import type { Product } from "@/generated/prisma/client";
/**
 * Reading a product CSV into a plan: which rows create a product, which change one (and how), with every
 * problem named by row and column. Nothing here writes; importCsv.handler applies a plan without problems.
 */
import { CsvError, parse } from "csv-parse/sync";
import type { z } from "zod";
import { parseMoney } from "@/lib/money";
import { fromCsvText } from "../../csv/write";
import type { DbClient } from "../../db";
import { currencyField, descriptionField, lowStockThresholdField, MAX_PRICE_MINOR, nameField, skuField } from "./product.fields";
import { importedColumns, productCsvColumns } from "./product.csv";
import { IMPORT_MAX_ROWS, type ImportProblem } from "./importCsv.schema";

const MAX_STOCK = 1_000_000;
/** At most this many problems are reported: past it, the file is wrong in the same way many times. */
const MAX_PROBLEMS = 500;

type ImportedColumn = (typeof importedColumns)[number];

export type ProductFields = Pick<Product, "sku" | "name" | "description" | "priceMinor" | "currency" | "lowStockThreshold" | "active">;

export interface ExistingProduct extends ProductFields {
  id: string;
  stock: number;
}

export type PlannedRow =
  | { row: number; action: "create"; fields: ProductFields; stock: number }
  | { row: number; action: "update"; product: ExistingProduct; changes: Partial<ProductFields>; stockDelta: number }
  | { row: number; action: "unchanged"; product: ExistingProduct };

export interface ImportPlan {
  rows: PlannedRow[];
  problems: ImportProblem[];
}

class Problems {
  readonly list: ImportProblem[] = [];
  add(row: number, column: string | null, code: string, message: string) {
    if (this.list.length < MAX_PROBLEMS) this.list.push({ row, column, code, message });
  }
}

function firstMessage(result: z.ZodSafeParseResult<unknown>): string {
  return result.success ? "" : (result.error.issues[0]?.message ?? "Invalid value");
}

const booleans: Record<string, boolean> = { true: true, false: false, yes: true, no: false, "1": true, "0": false };

/** The header row: known column names (case and spaces ignored), `sku` required, none twice. */
function readHeader(header: string[], problems: Problems): (ImportedColumn | null)[] | null {
  const known = new Map(productCsvColumns.map((c) => [c.toLowerCase(), c]));
  const seen = new Set<string>();
  const columns = header.map((raw) => {
    const name = known.get(
      raw
        .replace(/^\uFEFF/, "")
        .trim()
        .toLowerCase(),
    );
    if (!name) {
      problems.add(1, raw, "UNKNOWN_COLUMN", `Unknown column "${raw.slice(0, 50)}"; the columns are ${productCsvColumns.join(", ")}`);
      return null;
    }
    if (seen.has(name)) problems.add(1, name, "DUPLICATE_COLUMN", `The column ${name} appears twice`);
    seen.add(name);
    return (importedColumns as readonly string[]).includes(name) ? (name as ImportedColumn) : null;
  });
  if (!seen.has("sku")) problems.add(1, "sku", "MISSING_COLUMN", "The file needs a sku column: products are matched by SKU");
  return problems.list.length ? null : columns;
}

/** Parses the file; a malformed file (an unclosed quote, a row with a different number of cells) is one problem. */
function records(csv: string, problems: Problems): string[][] | null {
  try {
    return parse(csv, { bom: true, skip_empty_lines: true, relax_column_count: false, max_record_size: 100_000 }) satisfies string[][];
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = (error as CsvError & { lines?: number }).lines ?? 0;
    const counts = /expect (\d+), got (\d+)/.exec(error.message);
    problems.add(
      line,
      null,
      "MALFORMED_CSV",
      counts ? `This row has ${counts[2]} cells and the header ${counts[1]}; every row needs one cell per column` : error.message,
    );
    return null;
  }
}

/** Reads and checks the file against the catalog. */
export async function planImport(db: DbClient, csv: string, canMoveStock: boolean): Promise<ImportPlan> {
  const problems = new Problems();
  const all = records(csv, problems);
  if (!all) return { rows: [], problems: problems.list };
  const [header, ...data] = all;
  if (!header || !data.length) {
    problems.add(1, null, "NO_ROWS", "The file has no product rows under its header");
    return { rows: [], problems: problems.list };
  }
  if (data.length > IMPORT_MAX_ROWS) {
    problems.add(IMPORT_MAX_ROWS + 2, null, "TOO_MANY_ROWS", `At most ${IMPORT_MAX_ROWS} rows per import; split the file`);
    return { rows: [], problems: problems.list };
  }
  const columns = readHeader(header, problems);
  if (!columns) return { rows: [], problems: problems.list };

  const cellsOf = (record: string[]) => {
    const cells: Partial<Record<ImportedColumn, string>> = {};
    columns.forEach((column, i) => {
      if (column) cells[column] = fromCsvText(record[i] ?? "");
    });
    return cells;
  };
  const rows = data.map((record, i) => ({ row: i + 2, cells: cellsOf(record) }));

  // Every SKU's current product, read in one query per thousand.
  const skus = [...new Set(rows.map((r) => skuField.safeParse(r.cells.sku ?? "")).flatMap((r) => (r.success ? [r.data] : [])))];
  const existing = new Map<string, ExistingProduct>();
  for (let i = 0; i < skus.length; i += 1_000) {
    const found = await db.product.findMany({
      where: { sku: { in: skus.slice(i, i + 1_000) } },
      select: {
        id: true,
        sku: true,
        name: true,
        description: true,
        priceMinor: true,
        currency: true,
        lowStockThreshold: true,
        active: true,
        stock: true,
      },
    });
    for (const product of found) existing.set(product.sku, product);
  }

  const planned: PlannedRow[] = [];
  const rowOfSku = new Map<string, number>();
  for (const { row, cells } of rows) {
    const before = problems.list.length;
    const problem = (column: string | null, code: string, message: string) => problems.add(row, column, code, message);
    const given = (column: ImportedColumn) => {
      const value = cells[column];
      return value !== undefined && value.trim() !== "" ? value : undefined;
    };

    const skuResult = skuField.safeParse(cells.sku ?? "");
    if (!skuResult.success) {
      problem(
        "sku",
        cells.sku?.trim() ? "INVALID_SKU" : "MISSING_SKU",
        cells.sku?.trim() ? firstMessage(skuResult) : "Every row needs a SKU",
      );
      continue;
    }
    const sku = skuResult.data;
    const earlier = rowOfSku.get(sku);
    if (earlier) {
      problem("sku", "DUPLICATE_SKU", `SKU ${sku} is already on row ${earlier}`);
      continue;
    }
    rowOfSku.set(sku, row);
    const product = existing.get(sku);

    const fields: Partial<ProductFields> = {};
    const text = (column: "name" | "description", schema: z.ZodType<string>) => {
      const value = given(column);
      if (value === undefined) return;
      const result = schema.safeParse(value);
      if (result.success) fields[column] = result.data;
      else problem(column, "INVALID_VALUE", firstMessage(result));
    };
    text("name", nameField);
    text("description", descriptionField);
    const currencyText = given("currency");
    if (currencyText !== undefined) {
      const result = currencyField.safeParse(currencyText);
      if (result.success) fields.currency = result.data;
      else problem("currency", "INVALID_VALUE", firstMessage(result));
    }
    const currency = fields.currency ?? product?.currency ?? "EUR";
    const priceText = given("price");
    if (priceText !== undefined) {
      const minor = parseMoney(priceText, currency);
      if (minor === null) problem("price", "INVALID_PRICE", `Write the price as an amount in ${currency}, such as 12.50`);
      else if (minor > MAX_PRICE_MINOR) problem("price", "INVALID_PRICE", `The highest price is ${MAX_PRICE_MINOR} minor units`);
      else fields.priceMinor = minor;
    }
    const whole = (column: "stock" | "lowStockThreshold", max: number): number | undefined => {
      const value = given(column);
      if (value === undefined) return undefined;
      if (!/^\d{1,9}$/.test(value.trim()) || Number(value) > max) {
        problem(column, "INVALID_VALUE", `Use a whole number from 0 to ${max.toLocaleString("en")}`);
        return undefined;
      }
      return Number(value);
    };
    const threshold = whole("lowStockThreshold", MAX_STOCK);
    if (threshold !== undefined) fields.lowStockThreshold = lowStockThresholdField.parse(threshold);
    const stock = whole("stock", MAX_STOCK);
    const activeText = given("active");
    if (activeText !== undefined) {
      const value = booleans[activeText.trim().toLowerCase()];
      if (value === undefined) problem("active", "INVALID_VALUE", "Use true or false");
      else fields.active = value;
    }

    if (!product) {
      if (fields.name === undefined && given("name") === undefined) problem("name", "REQUIRED", "A new product needs a name");
      if (fields.priceMinor === undefined && priceText === undefined) problem("price", "REQUIRED", "A new product needs a price");
    }
    const stockDelta = stock === undefined ? 0 : stock - (product?.stock ?? 0);
    if (stockDelta !== 0 && !canMoveStock) {
      problem("stock", "PERMISSION_DENIED", "Changing stock needs the stock:write permission; leave the column empty");
    }
    if (problems.list.length > before) continue;

    if (!product) {
      planned.push({
        row,
        action: "create",
        fields: {
          sku,
          name: fields.name!,
          description: fields.description ?? "",
          priceMinor: fields.priceMinor!,
          currency,
          lowStockThreshold: fields.lowStockThreshold ?? 0,
          active: fields.active ?? true,
        },
        stock: stock ?? 0,
      });
      continue;
    }
    const changes = Object.fromEntries(
      Object.entries(fields).filter(([key, value]) => product[key as keyof ProductFields] !== value),
    ) as Partial<ProductFields>;
    planned.push(
      Object.keys(changes).length || stockDelta
        ? { row, action: "update", product, changes, stockDelta }
        : { row, action: "unchanged", product },
    );
  }
  return { rows: planned, problems: problems.list };
}
