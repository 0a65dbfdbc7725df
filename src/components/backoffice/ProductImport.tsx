"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useTRPC } from "@/trpc/client";

/** The largest file the page reads: the server's default JSON body limit (1 MiB) with the request around it. */
const MAX_FILE_BYTES = 1_000_000;

/**
 * Products from a spreadsheet: choose a CSV, check it (a dry run that lists every problem by row and column),
 * then import it; the import writes every row or none. The file's columns are the export's.
 */
export function ProductImport() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<{ name: string; csv: string } | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const check = useMutation(trpc.products.importCsv.mutationOptions());
  const apply = useMutation(
    trpc.products.importCsv.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.products.pathKey() }),
    }),
  );
  const report = check.data;
  const ready = report && report.errors.length === 0 && report.created + report.updated > 0 && !apply.isSuccess;

  async function choose(chosen: File | undefined) {
    check.reset();
    apply.reset();
    setFile(null);
    setFileError(null);
    if (!chosen) return;
    if (chosen.size > MAX_FILE_BYTES) {
      setFileError(`The file is ${Math.ceil(chosen.size / 1024)} KB; split it into files under ${MAX_FILE_BYTES / 1000} KB`);
      return;
    }
    const csv = await chosen.text();
    setFile({ name: chosen.name, csv });
    check.mutate({ csv, dryRun: true });
  }

  return (
    <section aria-labelledby="import-heading">
      <h1 id="import-heading">Import products</h1>
      <p>
        A CSV file with a header row. Products are matched by <code>sku</code>: a new SKU creates a product (it needs a name and a price), a
        known one is updated with the cells that are filled in. <code>stock</code> is the counted stock: a difference is recorded in the
        ledger as a correction. The easiest start is an{" "}
        <a href="/admin/export/products.csv" download>
          export of the products
        </a>
        .
      </p>
      <p className="hint">
        Columns: sku, name, description, price (such as 12.50), currency, stock, lowStockThreshold, active (true or false).
      </p>
      <div className="import-actions">
        <label>
          CSV file{" "}
          <input type="file" accept=".csv,text/csv" onChange={(e) => void choose(e.target.files?.[0])} aria-describedby="import-status" />
        </label>
      </div>
      <div id="import-status" aria-live="polite">
        {fileError ? <p className="error">{fileError}</p> : null}
        {check.isPending ? <p className="status">Checking {file?.name}…</p> : null}
        {check.isError ? <p className="error">{check.error.message}</p> : null}
        {report ? (
          <>
            <h2>{report.errors.length ? `${file?.name}: fix these problems first` : `${file?.name} is ready to import`}</h2>
            <ul className="import-summary" data-testid="import-summary">
              <li>{report.rows} rows</li>
              <li>{report.created} new</li>
              <li>{report.updated} changed</li>
              <li>{report.unchanged} unchanged</li>
              <li>{report.stockMovements} stock movements</li>
            </ul>
          </>
        ) : null}
        {apply.isSuccess ? (
          <p className="status" role="status">
            Imported: {apply.data.created} new, {apply.data.updated} changed. <Link href="/admin/products">See the products</Link>
          </p>
        ) : null}
        {apply.isError ? <p className="error">{apply.error.message}</p> : null}
      </div>
      {report?.errors.length ? (
        <table className="cart" data-testid="import-errors">
          <caption>Problems (nothing has been imported)</caption>
          <thead>
            <tr>
              <th scope="col">Row</th>
              <th scope="col">Column</th>
              <th scope="col">Problem</th>
            </tr>
          </thead>
          <tbody>
            {report.errors.map((e, i) => (
              <tr key={i}>
                <td>{e.row}</td>
                <td>{e.column ?? "—"}</td>
                <td>{e.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {ready && file ? (
        <div className="import-actions">
          <button type="button" onClick={() => apply.mutate({ csv: file.csv, dryRun: false })} disabled={apply.isPending}>
            {apply.isPending ? "Importing…" : `Import ${report.created + report.updated} products`}
          </button>
        </div>
      ) : null}
    </section>
  );
}
