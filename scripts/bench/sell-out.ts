/**
 * `npm run bench:sell-out`: N concurrent checkouts of one product with 10 units left, on the PostgreSQL
 * server with the default pool (10 connections), as the probe of issue 15 ran them. Prints the answers and
 * the latency percentiles; every run also checks that nothing was oversold.
 *
 *   npm run bench:sell-out                    300 buyers
 *   npm run bench:sell-out -- --buyers 400
 *
 * Needs PostgreSQL (TEST_POSTGRES_URL, default postgresql://postgres@127.0.0.1:5432/postgres); makes and
 * drops a database of its own.
 */
import { randomUUID } from "node:crypto";
import { createInnerContext } from "../../src/server/context";
import { openDatabase } from "../../src/server/db/client";
import { applyMigrations } from "../../src/server/db/migrator";
import { createCaller } from "../../src/server/routers/_app";
import { numericOptions, percentile } from "./figures";
import { databaseUrl, dropDatabase, uniqueName, withAdmin } from "../../tests/setup/databases";

const { buyers } = numericOptions({ buyers: 300 });

async function main() {
  const name = uniqueName("stockroom_sellout");
  await withAdmin((c) => c.query(`CREATE DATABASE "${name}"`));
  const url = databaseUrl(name);
  const handle = openDatabase({ kind: "postgres", url }, { poolSize: 10 });
  try {
    await applyMigrations({ kind: "postgres", url });
    const { db } = handle;
    // Ten units received, recorded in the ledger as the app would.
    const product = await db.product.create({ data: { sku: "LAST-10", name: "Last Ten", priceMinor: 1000, currency: "EUR", stock: 10 } });
    await db.stockMovement.create({
      data: { productId: product.id, delta: 10, reason: "RECEIVED", note: "bench", stockAfter: 10, actorType: "SYSTEM" },
    });
    const users = await Promise.all(
      Array.from({ length: buyers }, (_, i) =>
        db.user.create({ data: { email: `buyer${i}@bench.test`, name: `Buyer ${i}`, role: "CUSTOMER" } }),
      ),
    );
    await handle.warmUp();

    const answers = new Map<string, number>();
    const latencies: number[] = [];
    const started = performance.now();
    await Promise.all(
      users.map(async (user) => {
        const caller = createCaller(
          createInnerContext({
            db,
            actor: { type: "user", userId: user.id, email: user.email, name: user.name, role: "CUSTOMER", sessionId: randomUUID() },
          }),
        );
        const t0 = performance.now();
        let answer = "201 placed";
        try {
          await caller.order.create({ idempotencyKey: randomUUID(), lines: [{ productId: product.id, quantity: 1 }] });
        } catch (error) {
          const e = error as { code?: string; cause?: { reason?: string } };
          answer = `${e.code} ${e.cause?.reason ?? ""}`.trim();
        }
        latencies.push(performance.now() - t0);
        answers.set(answer, (answers.get(answer) ?? 0) + 1);
      }),
    );
    const wall = performance.now() - started;
    const { stock } = await db.product.findUniqueOrThrow({ where: { id: product.id } });
    const sold = await db.orderLine.count({ where: { productId: product.id } });

    console.log(`\n${buyers} concurrent checkouts of a product with 10 units (pool of 10 connections):`);
    for (const [answer, count] of [...answers].sort((a, b) => b[1] - a[1])) console.log(`  ${String(count).padStart(4)} × ${answer}`);
    console.log(
      `latency: p50 ${percentile(latencies, 50).toFixed(0)} ms, p95 ${percentile(latencies, 95).toFixed(0)} ms, max ${Math.max(...latencies).toFixed(0)} ms; all done in ${wall.toFixed(0)} ms`,
    );
    console.log(`sold ${sold}, stock left ${stock}: ${sold === 10 && stock === 0 ? "no oversell" : "WRONG"}`);
    if (sold !== 10 || stock !== 0) process.exitCode = 1;
  } finally {
    await handle.close();
    await dropDatabase(name);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
