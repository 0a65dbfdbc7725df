import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "../../src/server/db/client";
import { createInnerContext } from "../../src/server/context";
import { createCaller } from "../../src/server/routers/_app";
import { ledgerSum, newCustomer, newProduct, unique } from "./helpers";

/**
 * Overselling is a race between transactions on separate connections, so this runs against the
 * PostgreSQL server with a pool of 50: every checkout gets its own connection and they overlap for real.
 * PGlite has one connection, where transactions cannot interleave, so only the postgres project runs
 * `*.postgres.test.ts` files (see vitest.config.ts).
 */
describe("checkout under concurrency (PostgreSQL server)", () => {
  let pool: DatabaseHandle;
  beforeAll(() => {
    pool = openDatabase({ kind: "postgres", url: process.env.DATABASE_URL! }, { poolSize: 50 });
  });
  afterAll(() => pool.close());

  it("50 simultaneous checkouts of 1 unit with 10 left: exactly 10 succeed, 40 get OUT_OF_STOCK naming the product", async () => {
    const product = await newProduct({ stock: 10, name: unique("Last Lamp") });
    const customers = await Promise.all(Array.from({ length: 50 }, () => newCustomer()));
    for (const { caller } of customers) await caller.cart.add({ productId: product.id, quantity: 1 });

    const results = await Promise.allSettled(
      customers.map(({ actor }) => createCaller(createInnerContext({ db: pool.db, actor })).cart.checkout({ idempotencyKey: unique("c") })),
    );

    const placed = results.filter((r) => r.status === "fulfilled");
    const refused = results.flatMap((r) =>
      r.status === "rejected"
        ? [r.reason as { code: string; message: string; cause?: { reason: string; details: { productId: string } } }]
        : [],
    );
    expect(placed).toHaveLength(10);
    expect(refused).toHaveLength(40);
    for (const error of refused) {
      expect(error.code).toBe("CONFLICT");
      expect(error.cause?.reason).toBe("OUT_OF_STOCK");
      expect(error.cause?.details.productId).toBe(product.id);
      expect(error.message).toContain(product.name);
    }
    const { stock } = await pool.db.product.findUniqueOrThrow({ where: { id: product.id }, select: { stock: true } });
    expect(stock).toBe(0);
    expect(await ledgerSum(product.id)).toBe(0);
    expect(await pool.db.orderLine.count({ where: { productId: product.id } })).toBe(10);

    // The checkouts really ran on many connections at once: the pool had to open more than a handful.
    const [activity] = await pool.db.$queryRaw<{ connections: number }[]>`
      SELECT count(*)::int AS connections FROM pg_stat_activity WHERE datname = current_database()`;
    expect(activity!.connections).toBeGreaterThan(10);
  });

  it("concurrent multi-line checkouts in opposite orders neither deadlock nor oversell", async () => {
    const a = await newProduct({ stock: 15 });
    const b = await newProduct({ stock: 15 });
    const customers = await Promise.all(Array.from({ length: 20 }, () => newCustomer()));
    const results = await Promise.allSettled(
      customers.map(({ actor }, i) =>
        createCaller(createInnerContext({ db: pool.db, actor })).order.create({
          idempotencyKey: unique("m"),
          lines:
            i % 2
              ? [
                  { productId: a.id, quantity: 1 },
                  { productId: b.id, quantity: 1 },
                ]
              : [
                  { productId: b.id, quantity: 1 },
                  { productId: a.id, quantity: 1 },
                ],
        }),
      ),
    );
    const placed = results.filter((r) => r.status === "fulfilled").length;
    const reasons = results.flatMap((r) => (r.status === "rejected" ? [(r.reason as { cause?: { reason?: string } }).cause?.reason] : []));
    expect(placed).toBe(15);
    expect(new Set(reasons)).toEqual(new Set(["OUT_OF_STOCK"]));
    expect(await ledgerSum(a.id)).toBe(0);
    expect(await ledgerSum(b.id)).toBe(0);
  });
});
