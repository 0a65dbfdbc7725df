/**
 * CSV as spreadsheets read it (RFC 4180: comma, CRLF, fields quoted when they hold a comma, quote or line
 * break). A text cell that a spreadsheet would run as a formula (starting with =, +, -, @, tab or carriage
 * return) is written with a leading apostrophe, as OWASP advises against CSV injection; the importer strips it
 * again (`fromCsvText`). Numbers are written as numbers, so a negative number stays a number.
 */
export type CsvValue = string | number | boolean | null | undefined;

const formulaStart = /^[=+\-@\t\r]/;

function cell(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value !== "string") return String(value);
  const text = formulaStart.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record, with its line break. */
export function csvRow(values: readonly CsvValue[]): string {
  return `${values.map(cell).join(",")}\r\n`;
}

/** A cell as the exporter wrote it, back to the text it held (the injection guard removed). */
export function fromCsvText(value: string): string {
  return value.startsWith("'") && formulaStart.test(value.slice(1)) ? value.slice(1) : value;
}

/**
 * The header, then each batch of rows as one chunk: what a streamed export yields. A byte-order mark first,
 * so that Excel reads the file as UTF-8.
 */
export async function* csvChunks<T>(header: readonly string[], batches: AsyncIterable<T[]>, row: (item: T) => readonly CsvValue[]) {
  yield `\uFEFF${csvRow(header)}`;
  for await (const batch of batches) {
    if (batch.length) yield batch.map((item) => csvRow(row(item))).join("");
  }
}

/** What a CSV export returns: its chunks, one after the other (for a procedure's `.output()`). */
export type CsvChunks = AsyncIterable<string>;
