import { z } from "zod";
import { text } from "../../validation/text";

/** The most data rows one import takes (a file over it is refused before any row is checked). */
export const IMPORT_MAX_ROWS = 10_000;

export const importProductsInput = z.object({
  /** The file's text, with a header row (the export's columns; `sku` required). Bounded again by the JSON body limit. */
  csv: text().min(1, "The file is empty").max(5_000_000, "The file is over 5,000,000 characters; split it"),
  /** Check every row and report, writing nothing (the default); false applies all rows in one transaction, or none. */
  dryRun: z.boolean().default(true),
});
export type ImportProductsInput = z.infer<typeof importProductsInput>;

/** One problem in the file: the spreadsheet's row number (the header is row 1), the column, and what is wrong. */
export const importProblem = z.object({
  row: z.number().int(),
  column: z.string().nullable(),
  code: z.string(),
  message: z.string(),
});
export type ImportProblem = z.infer<typeof importProblem>;

export const importProductsOutput = z.object({
  dryRun: z.boolean(),
  /** True when the rows were written (never on a dry run). */
  applied: z.boolean(),
  rows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  /** Stock movements the import makes: RECEIVED for new products, CORRECTION where a count differs. */
  stockMovements: z.number().int(),
  errors: z.array(importProblem),
});
export type ImportProductsOutput = z.infer<typeof importProductsOutput>;
