import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../../src/generated/prisma/client";
import { createInnerContext } from "../../src/server/context";
import { createCaller } from "../../src/server/routers/_app";
import { newCustomer, newProduct, unique, userActor } from "./helpers";

/** Counting SQL statements needs Prisma's query events, so this builds its own client on the PostgreSQL server. */
describe("no N+1 in order lists", () => {
  let counted: PrismaClient<"query">;
  let statements = 0;
  beforeAll(() => {
    counted = new PrismaClient({
      adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL! }),
      log: [{ emit: "event", level: "query" }],
    });
    counted.$on("query", () => (statements += 1));
  });
  afterAll(() => counted.$disconnect());

  it("a page of orders with lines, customer and history takes the same number of queries for 1, 10 and 50 orders", async () => {
    const product = await newProduct({ stock: 500 });
    const customers = await Promise.all(Array.from({ length: 5 }, () => newCustomer()));
    for (let i = 0; i < 50; i++) {
      await customers[i % 5]!.caller.order.create({ idempotencyKey: unique("n"), lines: [{ productId: product.id, quantity: 1 }] });
    }
    const caller = createCaller(createInnerContext({ db: counted, actor: await userActor("staff") }));
    const counts: number[] = [];
    for (const limit of [1, 10, 50]) {
      statements = 0;
      const page = await caller.order.list({ limit });
      expect(page.items).toHaveLength(limit);
      expect(page.items.every((o) => o.lines.length > 0 && o.customer.email && o.history.length > 0)).toBe(true);
      counts.push(statements);
    }
    expect(counts[0]).toBeGreaterThan(0);
    expect(new Set(counts).size, `queries per page: ${counts.join(", ")}`).toBe(1);
    console.info(`order.list: ${counts[0]} SQL statements per page, whatever its size`);
  });

  it("a checkout is a fixed handful of statements, whatever its number of lines", async () => {
    const products = await Promise.all([newProduct({ stock: 50 }), newProduct({ stock: 50 }), newProduct({ stock: 50 })]);
    const customer = await newCustomer();
    const caller = createCaller(createInnerContext({ db: counted, actor: await userActor("staff") }));
    const counts: number[] = [];
    for (const n of [1, 3]) {
      statements = 0;
      const placed = await caller.order.create({
        customerId: customer.user.id,
        idempotencyKey: unique("q"),
        lines: products.slice(0, n).map((p) => ({ productId: p.id, quantity: 2 })),
      });
      expect(placed.lines).toHaveLength(n);
      counts.push(statements);
    }
    // The customer's lookup (staff order for someone), the key's lock, the probe, the event, the email job,
    // the write (stock, order, lines, history, movements), the audit row, COMMIT (Prisma's log leaves out
    // BEGIN): one round trip each. It was eleven statements plus one per line before.
    expect(counts[0], `statements per checkout: ${counts.join(", ")}`).toBeLessThanOrEqual(8);
    expect(counts[1]).toBe(counts[0]);
    console.info(`order.create: ${counts[0]} SQL statements per checkout, whatever its number of lines`);
  });
});
