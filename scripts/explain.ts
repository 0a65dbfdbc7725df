/**
 * `npm run db:explain`: the query plans of the main list queries, exactly as the app sends them.
 * Calls the real procedures with Prisma's query log on, then runs EXPLAIN ANALYZE on every captured
 * statement with its parameters. Needs DATABASE_URL (PostgreSQL); meant for a database loaded with
 * `npm run db:seed:scale` (see docs/orders.md for the figures). Flags a sequential scan on a big table.
 */
import { existsSync } from "node:fs";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "../src/generated/prisma/client";
import type { Actor } from "../src/server/auth/permissions";
import { createInnerContext } from "../src/server/context";
import { createCaller } from "../src/server/routers/_app";

if (existsSync(".env")) process.loadEnvFile(".env");
const url = process.env.DATABASE_URL;
if (!url?.startsWith("postgres")) {
  console.error("error: db:explain needs DATABASE_URL pointing at PostgreSQL (EXPLAIN ANALYZE on the server)");
  process.exit(2);
}

const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }), log: [{ emit: "event", level: "query" }] });
let captured: { query: string; params: string }[] = [];
db.$on("query", (event) => captured.push({ query: event.query, params: event.params }));
const explain = new pg.Client({ connectionString: url });

async function actorFor(role: "STAFF" | "CUSTOMER"): Promise<Actor> {
  const user = await db.user.findFirstOrThrow({
    where: { role, ...(role === "CUSTOMER" ? { id: { startsWith: "scale-" } } : {}) },
    orderBy: { id: "asc" },
  });
  return { type: "user", userId: user.id, email: user.email, name: user.name, role: user.role, sessionId: "explain" };
}

async function main() {
  await explain.connect();
  const counts = await db.$queryRaw<{ products: number; orders: number }[]>`
    SELECT (SELECT count(*) FROM "Product")::int AS products, (SELECT count(*) FROM "Order")::int AS orders`;
  console.log(`Database: ${counts[0]!.products} products, ${counts[0]!.orders} orders\n`);
  const staff = createCaller(createInnerContext({ db, actor: await actorFor("STAFF") }));
  const customerActor = await actorFor("CUSTOMER");
  const customer = createCaller(createInnerContext({ db, actor: customerActor }));
  const guest = createCaller(createInnerContext({ db }));
  const firstPage = await guest.storefront.list({ limit: 20 });
  const someProduct = firstPage.items[0]!.id;
  const dayAgo = new Date(Date.now() - 86_400_000).toISOString();

  const scenarios: [string, () => Promise<unknown>][] = [
    ["storefront: storefront.list, page 2", () => guest.storefront.list({ limit: 20, cursor: firstPage.nextCursor })],
    ["storefront: storefront.list, search", () => guest.storefront.list({ limit: 20, search: "linen mug" })],
    ["back office: products.list by price desc", () => staff.products.list({ sort: "price", order: "desc", limit: 50 })],
    ["back office: products.list by stock, active", () => staff.products.list({ sort: "stock", status: "active", limit: 50 })],
    ["back office: products.list by updated desc", () => staff.products.list({ sort: "updated", order: "desc", limit: 50 })],
    ["back office: products.lowStock", () => staff.products.lowStock({ limit: 50 })],
    ["back office: stock.movements", () => staff.stock.movements({ productId: someProduct, limit: 50 })],
    ["staff: order.list, all", () => staff.order.list({ limit: 50 })],
    ["staff: order.list, status PAID", () => staff.order.list({ limit: 50, status: "PAID" })],
    [
      "staff: order.list, one customer",
      () => staff.order.list({ limit: 50, customerId: customerActor.type === "user" ? customerActor.userId : "" }),
    ],
    ["staff: order.list, last 24 hours", () => staff.order.list({ limit: 50, createdFrom: dayAgo })],
    ["customer: order.list (own)", () => customer.order.list({ limit: 20 })],
    ["dashboard: report.sales", () => staff.report.sales()],
    ["dashboard: report.ordersByStatus", () => staff.report.ordersByStatus()],
    ["dashboard: report.topProducts", () => staff.report.topProducts()],
    ["dashboard: report.inventory", () => staff.report.inventory()],
  ];

  let seqScans = 0;
  for (const [label, run] of scenarios) {
    captured = [];
    await run();
    const statements = captured.filter((c) => /^\s*(SELECT|WITH)/i.test(c.query));
    console.log(`== ${label} (${statements.length} statements)`);
    for (const { query, params } of statements) {
      const { rows } = await explain.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT TEXT) ${query}`, JSON.parse(params) as unknown[]);
      const lines = rows.map((r: Record<string, string>) => r["QUERY PLAN"]!);
      const table = /FROM\s+"public"\."(\w+)"/i.exec(query)?.[1] ?? "?";
      const scans = lines.filter((l) => /Scan/.test(l)).map((l) => l.trim().replace(/\s+\(cost.*$/, ""));
      const time = lines.find((l) => l.startsWith("Execution Time"));
      const seq = scans.filter((s) => /Seq Scan on "?(Product|Order|OrderLine|StockMovement)"?/.test(s));
      seqScans += seq.length;
      console.log(
        `   ${table.padEnd(18)} ${time?.replace("Execution Time: ", "").padStart(10)}  ${scans.join(" | ")}${seq.length ? "   <-- SEQ SCAN" : ""}`,
      );
    }
  }
  console.log(seqScans ? `\n${seqScans} sequential scan(s) on a large table (see above).` : "\nNo sequential scans on large tables.");
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(async () => {
    await explain.end();
    await db.$disconnect();
  });
