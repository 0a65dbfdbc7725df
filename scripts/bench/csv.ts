/**
 * `npm run bench:csv`: the product CSV import and export at 10,000 rows, in process as the back office calls
 * them: a dry run and an apply of 10,000 new products (with stock), then a file changing every price and
 * count (10,000 updates and CORRECTION movements), then the export of all of them. Prints each step's time
 * and the process's peak heap.
 *
 *   npm run bench:csv                 10,000 rows
 *   npm run bench:csv -- --rows 2000
 *
 * Needs PostgreSQL (TEST_POSTGRES_URL, default postgresql://postgres@127.0.0.1:5432/postgres); makes and
 * drops a database of its own.
 */
import { numericOptions } from "./figures";
import { withScratchDatabase } from "./scratch-database";

const { rows } = numericOptions({ rows: 10_000 });

function file(priceCents: (i: number) => number, stock: (i: number) => number): string {
  const lines = ["sku,name,description,price,currency,stock,lowStockThreshold,active"];
  for (let i = 0; i < rows; i++) {
    const cents = priceCents(i);
    lines.push(
      `BENCH-${i},"Bench product ${i}, size M","Imported, ""as is""",${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")},EUR,${stock(i)},5,true`,
    );
  }
  return lines.join("\n");
}

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await work();
  console.log(`| ${label} | ${((performance.now() - start) / 1000).toFixed(2)} s |`);
  return result;
}

async function main() {
  await withScratchDatabase("csv", "ADMIN", async ({ db, caller }) => {
    const created = file(
      (i) => 100 + i,
      (i) => 1 + (i % 50),
    );
    const updated = file(
      (i) => 200 + i,
      (i) => 2 + (i % 50),
    );
    console.log(`${rows} rows: ${(Buffer.byteLength(created) / 1024).toFixed(0)} KiB of CSV\n`);
    console.log("| step | time |\n|---|---|");
    const dry = await timed(`dry run, ${rows} new products`, () => caller.products.importCsv({ csv: created, dryRun: true }));
    if (dry.errors.length) throw new Error(`unexpected problems: ${JSON.stringify(dry.errors.slice(0, 3))}`);
    await timed(`apply, ${rows} new products with stock`, () => caller.products.importCsv({ csv: created, dryRun: false }));
    await timed(`dry run, ${rows} changed prices and counts`, () => caller.products.importCsv({ csv: updated, dryRun: true }));
    const applied = await timed(`apply, ${rows} changed prices and counts`, () =>
      caller.products.importCsv({ csv: updated, dryRun: false }),
    );
    if (applied.updated !== rows) throw new Error(`updated ${applied.updated} of ${rows}`);
    let bytes = 0;
    await timed(`export, ${rows} products`, async () => {
      for await (const chunk of await caller.products.exportCsv({ status: "all", lowStock: false, sort: "name", order: "asc" }))
        bytes += chunk.length;
    });
    const [check] = await db.$queryRaw<{ stock: bigint; ledger: bigint }[]>`
      SELECT (SELECT sum("stock") FROM "Product") AS stock, (SELECT sum("delta") FROM "StockMovement") AS ledger`;
    console.log(
      `\nexported ${(bytes / 1024).toFixed(0)} KiB; stock ${check!.stock} = ledger ${check!.ledger}; heap ${(process.memoryUsage().heapUsed / 1048576).toFixed(0)} MiB at the end`,
    );
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
