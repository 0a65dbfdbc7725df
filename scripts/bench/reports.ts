/**
 * `npm run bench:reports`: the dashboard's procedures (report.*) at the benchmark scale, called in process
 * as the back office calls them, one at a time. Prints each one's latency percentiles.
 *
 *   npm run bench:reports                       50,000 products, 100,000 orders, 20 calls each
 *   npm run bench:reports -- --calls 50
 *
 * Needs PostgreSQL (TEST_POSTGRES_URL, default postgresql://postgres@127.0.0.1:5432/postgres); makes,
 * seeds (npm run db:seed:scale's data) and drops a database of its own.
 */
import { seedScale, defaultScale } from "../../prisma/seed-scale";
import { numericOptions, percentile } from "./figures";
import { withScratchDatabase } from "./scratch-database";

const { calls } = numericOptions({ calls: 20 });

async function main() {
  await withScratchDatabase("reports", "STAFF", async ({ db, caller }) => {
    console.log(`Seeding ${defaultScale.products} products, ${defaultScale.orders} orders (one a minute, newest now)...`);
    await seedScale(db, defaultScale);
    const [window] = await db.$queryRaw<{ orders: number; lines: number }[]>`
      SELECT count(DISTINCT o."id")::int AS orders, count(*)::int AS lines FROM "Order" o JOIN "OrderLine" l ON l."orderId" = o."id"
       WHERE o."createdAt" >= date_trunc('day', now() AT TIME ZONE 'UTC') - interval '29 days'`;
    console.log(`In the 30-day window: ${window!.orders} orders, ${window!.lines} lines\n`);
    const procedures: [string, () => Promise<unknown>][] = [
      ["report.sales", () => caller.report.sales()],
      ["report.ordersByStatus", () => caller.report.ordersByStatus()],
      ["report.topProducts", () => caller.report.topProducts()],
      ["report.inventory", () => caller.report.inventory()],
    ];
    console.log("| procedure | p50 ms | p95 ms | max ms |\n|---|---|---|---|");
    for (const [label, call] of procedures) {
      await call(); // warm: plans, connections
      const times: number[] = [];
      for (let i = 0; i < calls; i++) {
        const start = performance.now();
        await call();
        times.push(performance.now() - start);
      }
      const ms = (v: number) => v.toFixed(1);
      console.log(`| ${label} | ${ms(percentile(times, 50))} | ${ms(percentile(times, 95))} | ${ms(Math.max(...times))} |`);
    }
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
