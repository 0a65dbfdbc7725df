/**
 * Database trouble that is not a bug answers 503 (or 409), never 500: a product row held locked while a burst
 * of checkouts arrives, a pool with no free connection, a backend terminated by an administrator (57P01).
 * On the PostgreSQL server: locks held across connections and pg_terminate_backend need one.
 */
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { GET as trpcGet } from "../../src/app/api/trpc/[trpc]/route";
import { createInnerContext } from "../../src/server/context";
import { openDatabase, type DatabaseHandle } from "../../src/server/db/client";
import { createCaller } from "../../src/server/routers/_app";
import { runDb } from "../../scripts/lib/db-cli";
import { capturedIo } from "../setup/cli";
import { privatePostgres, type PrivatePostgres } from "../setup/private-postgres";
import { closeDatabase } from "../../src/server/db";
import { apiKey, ledgerSum, newCustomer, newProduct, unique, withEnv } from "./helpers";
import { rest } from "./rest-request";

type Refusal = { code: string; cause?: { reason?: string } };

/** Holds a product's row locked (as a long transaction elsewhere would) until released. */
async function lockRow(productId: string) {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  await client.query("BEGIN");
  await client.query('SELECT 1 FROM "Product" WHERE id = $1 FOR UPDATE', [productId]);
  return {
    pid: (await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid,
    release: async () => {
      await client.query("ROLLBACK");
      await client.end();
    },
  };
}

/** The backends of this database waiting on a lock, other than `except`. */
async function waitingOnLocks(db: DatabaseHandle["db"], except: number): Promise<number[]> {
  const rows = await db.$queryRaw<{ pid: number }[]>`
    SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> ${except}`;
  return rows.map((r) => r.pid);
}

describe("database trouble (PostgreSQL server)", () => {
  let pool: DatabaseHandle;
  let held: Awaited<ReturnType<typeof lockRow>> | null = null;
  const callerFor = (actor: Parameters<typeof createInnerContext>[0]["actor"]) => createCaller(createInnerContext({ db: pool.db, actor }));

  beforeAll(() => {
    // A small pool with a short wait for a connection, so a burst exhausts it as a busy server's would.
    pool = openDatabase({ kind: "postgres", url: process.env.DATABASE_URL! }, { poolSize: 4, poolTimeoutMs: 500 });
  });
  afterEach(async () => {
    await held?.release();
    held = null;
  });
  afterAll(() => pool.close());

  it("a locked product row and a burst of 30 checkouts: every one 503 (busy or no connection), none 500; then all is well", async () => {
    const product = await newProduct({ stock: 100 });
    const customers = await Promise.all(Array.from({ length: 30 }, () => newCustomer()));
    held = await lockRow(product.id);
    const results = await withEnv({ CHECKOUT_LOCK_TIMEOUT_MS: "200" }, () =>
      Promise.allSettled(
        customers.map(({ actor }) =>
          callerFor(actor).order.create({ idempotencyKey: unique("burst"), lines: [{ productId: product.id, quantity: 1 }] }),
        ),
      ),
    );
    const refusals = results.map((r) => (r.status === "rejected" ? (r.reason as Refusal) : null));
    expect(refusals.every((r) => r !== null)).toBe(true);
    const reasons = new Set(refusals.map((r) => `${r!.code} ${r!.cause?.reason}`));
    for (const reason of reasons)
      expect(["SERVICE_UNAVAILABLE DATABASE_BUSY", "SERVICE_UNAVAILABLE DEPENDENCY_UNAVAILABLE"]).toContain(reason);
    expect(reasons).toContain("SERVICE_UNAVAILABLE DATABASE_BUSY");

    await held.release();
    held = null;
    const placed = await callerFor(customers[0]!.actor).order.create({
      idempotencyKey: unique("after"),
      lines: [{ productId: product.id, quantity: 1 }],
    });
    expect(placed.status).toBe("PENDING");
    const { stock } = await pool.db.product.findUniqueOrThrow({ where: { id: product.id } });
    expect(stock).toBe(99);
    expect(await ledgerSum(product.id)).toBe(99);
  });

  it("over REST the refusal is a 503 DATABASE_BUSY with Retry-After", async () => {
    const product = await newProduct({ stock: 5 });
    const { secret } = await apiKey(["orders:write"]);
    const { user } = await newCustomer();
    held = await lockRow(product.id);
    await withEnv({ CHECKOUT_LOCK_TIMEOUT_MS: "200" }, async () => {
      const res = await rest("POST", "/orders", {
        key: secret,
        headers: { "idempotency-key": crypto.randomUUID() },
        body: { customerId: user.id, lines: [{ productId: product.id, quantity: 1 }] },
      });
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBe("5");
      expect(res.body!.errors[0].code).toBe("DATABASE_BUSY");
    });
  });

  it("a backend terminated by an administrator (57P01) mid-checkout is a 503 DEPENDENCY_UNAVAILABLE; the next one succeeds", async () => {
    const product = await newProduct({ stock: 5 });
    const { actor } = await newCustomer();
    held = await lockRow(product.id);
    await withEnv({ CHECKOUT_LOCK_TIMEOUT_MS: "60000" }, async () => {
      const checkout = callerFor(actor).order.create({ idempotencyKey: unique("term"), lines: [{ productId: product.id, quantity: 1 }] });
      const outcome = checkout.then(
        () => null,
        (error: Refusal) => error,
      );
      // Waits for the checkout to be seen queued on the lock (an event, not a duration), then ends its backend.
      await expect.poll(() => waitingOnLocks(pool.db, held!.pid), { timeout: 20_000 }).toHaveLength(1);
      const [victim] = await waitingOnLocks(pool.db, held!.pid);
      await pool.db.$queryRaw`SELECT pg_terminate_backend(${victim}::int)`;
      const error = await outcome;
      expect(error).toMatchObject({ code: "SERVICE_UNAVAILABLE", cause: { reason: "DEPENDENCY_UNAVAILABLE" } });
    });
    await held.release();
    held = null;
    const placed = await callerFor(actor).order.create({
      idempotencyKey: unique("again"),
      lines: [{ productId: product.id, quantity: 1 }],
    });
    expect(placed.status).toBe("PENDING");
    expect(await ledgerSum(product.id)).toBe(4);
  });

  it("tRPC answers a 503 with Retry-After too", async () => {
    await withEnv({ DATABASE_URL: "postgresql://stockroom@127.0.0.1:1/unreachable" }, async () => {
      await closeDatabase();
      try {
        const res = await trpcGet(new Request(`http://stockroom.test/api/trpc/storefront.list?input=${encodeURIComponent('{"json":{}}')}`));
        expect(res.status).toBe(503);
        expect(res.headers.get("retry-after")).toBe("5");
        expect((await res.json()).error.json.data.reason).toBe("DEPENDENCY_UNAVAILABLE");
      } finally {
        await closeDatabase();
      }
    });
  });
});

describe("PostgreSQL stopped and started (a private server)", () => {
  let server: PrivatePostgres;
  const list = () =>
    trpcGet(new Request(`http://stockroom.test/api/trpc/storefront.list?input=${encodeURIComponent('{"json":{"limit":1}}')}`));

  beforeAll(async () => {
    server = await privatePostgres();
    const cli = capturedIo({ env: { DATABASE_URL: server.url } });
    expect(await runDb(["prepare"], cli.io), cli.stderr()).toBe(0);
  }, 120_000);
  afterAll(() => server?.remove());

  it("is 503 DEPENDENCY_UNAVAILABLE from the moment it stops until it is back, never a 500, and 200 again after", async () => {
    await withEnv({ DATABASE_URL: server.url, RATE_LIMIT_ANONYMOUS: "1000000/1m", CACHE_TTL_SECONDS: "0" }, async () => {
      await closeDatabase();
      try {
        expect((await list()).status).toBe(200);
        const statuses = new Map<number, number>();
        const reasons = new Set<string>();
        /** Requests one after another until `edge` settles, counting what each got. */
        const hammer = async (edge: Promise<void>) => {
          let done = false;
          void edge.finally(() => (done = true));
          while (!done) {
            const res = await list();
            statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
            if (res.status !== 200)
              reasons.add(`${res.status} ${(await res.json()).error.json.data.reason} ${res.headers.get("retry-after")}`);
            // Lets I/O through (pg_ctl's exit among it) between requests that may be answered without any.
            await new Promise((resolve) => setImmediate(resolve));
          }
          await edge;
        };
        await hammer(server.stop());
        const down = await list();
        expect(down.status).toBe(503);
        expect((await down.json()).error.json.data.reason).toBe("DEPENDENCY_UNAVAILABLE");
        await hammer(server.start());
        // Back: the pool opens new connections (each request waits for an answer, not for a duration).
        await expect.poll(async () => (await list()).status, { timeout: 20_000 }).toBe(200);
        expect([...statuses.keys()].filter((s) => s !== 200 && s !== 503)).toEqual([]);
        expect([...reasons].every((r) => r === "503 DEPENDENCY_UNAVAILABLE 5")).toBe(true);
      } finally {
        await closeDatabase();
      }
    });
  });
});
