/**
 * A PostgreSQL backup taken while orders are being placed (pg_dump's one snapshot): the restored database
 * satisfies every invariant and holds the orders of one moment. PGlite serves one process, so its backups
 * are taken with the app stopped (backup.test.ts). Also `npm run db:backup` / `db:restore` as an operator meets
 * them (the commands are the same on both backends).
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveDatabaseTarget } from "../../src/server/db/target";
import { backupDatabase, restoreDatabase } from "../../src/server/db/backup";
import { getDatabase } from "../../src/server/db";
import { runDb } from "../../scripts/lib/db-cli";
import { capturedIo } from "../setup/cli";
import { createEmptyDatabase } from "../setup/databases";
import { allHold, inspect, placeOrders } from "./backup-invariants";
import { newCustomer, newProduct } from "./helpers";

const cleanups: (() => Promise<void>)[] = [];
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "stockroom-backups-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
});
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe("a backup of a busy PostgreSQL database", { timeout: 180_000 }, () => {
  it("taken while orders are being placed, restores to a database where every invariant holds", async () => {
    const source = resolveDatabaseTarget(process.env.DATABASE_URL);
    await placeOrders(5);
    const before = await getDatabase().db.order.count();
    let placing = true;
    let placed = 0;
    // Orders keep coming, two customers at a time, until the backup is done.
    const load = Promise.all(
      [0, 1].map(async () => {
        const customer = await newCustomer();
        const product = await newProduct({ stock: 100_000 });
        while (placing) {
          await customer.caller.order.create({ idempotencyKey: crypto.randomUUID(), lines: [{ productId: product.id, quantity: 1 }] });
          placed++;
        }
      }),
    );
    while (placed < 3) await new Promise((resolve) => setImmediate(resolve));
    const file = path.join(dir, "busy.pgdump");
    const backup = await backupDatabase(source, file);
    placing = false;
    await load;
    expect(backup.bytes).toBeGreaterThan(0);
    expect(backup.migrations.length).toBeGreaterThan(0);

    const copy = await createEmptyDatabase("postgres");
    cleanups.push(copy.drop);
    const restored = await restoreDatabase(copy.target, file);
    expect(restored.behind).toEqual([]);
    const state = await inspect(copy.target);
    expect(state.broken).toEqual(allHold);
    expect(state.orders).toBeGreaterThanOrEqual(before);
    expect(state.orders).toBeLessThan(before + placed + 1);
    expect(placed).toBeGreaterThan(3);
  });
});

describe("npm run db:backup and db:restore", { timeout: 180_000 }, () => {
  it("print the file and its size; restore asks first, needs --yes with no terminal, and is refused in production", async () => {
    const env = { DATABASE_URL: process.env.DATABASE_URL, NODE_ENV: "development" };
    const file = path.join(dir, "cli.pgdump");
    const backup = capturedIo({ env });
    expect(await runDb(["backup", "--out", file], backup.io)).toBe(0);
    expect(backup.stdout().trim()).toBe(file);
    expect(backup.stderr()).toMatch(/Backed up .* MiB, schema at \d{14}_/);

    const copy = await createEmptyDatabase("postgres");
    cleanups.push(copy.drop);
    const restoreEnv = { DATABASE_URL: copy.url, NODE_ENV: "development" };
    const refused = capturedIo({ env: restoreEnv });
    expect(await runDb(["restore", file], refused.io)).toBe(1);
    expect(refused.stderr()).toContain("--yes");
    const declined = capturedIo({ env: restoreEnv, answers: ["no"] });
    expect(await runDb(["restore", file], declined.io)).toBe(1);
    expect(declined.stderr()).toContain("Nothing restored.");
    const production = capturedIo({ env: { ...restoreEnv, NODE_ENV: "production" } });
    expect(await runDb(["restore", file, "--yes"], production.io)).toBe(1);
    expect(production.stderr()).toContain("--allow-production");

    const done = capturedIo({ env: restoreEnv, answers: ["restore"] });
    expect(await runDb(["restore", file], done.io)).toBe(0);
    expect(done.stdout()).toContain("Restored");
    expect((await inspect(copy.target)).broken).toEqual(allHold);
  });
});
