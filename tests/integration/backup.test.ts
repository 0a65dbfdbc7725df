/**
 * `npm run db:backup` / `db:restore` on each backend (src/server/db/backup.ts): a backup restores to an equal
 * database that satisfies every invariant, a restore replaces what was there, refuses a backup from newer
 * code and, when it fails, changes nothing. Taken while orders are placed, and the commands around it:
 * backup.postgres.test.ts.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { resolveDatabaseTarget, type DatabaseTarget } from "../../src/server/db/target";
import { backupDatabase, restoreDatabase } from "../../src/server/db/backup";
import { openDatabase } from "../../src/server/db/client";
import { closeDatabase } from "../../src/server/db";
import { createEmptyDatabase } from "../setup/databases";
import { allHold, inspect, placeOrders } from "./backup-invariants";

const backend = inject("backend");
const cleanups: (() => Promise<void>)[] = [];
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "stockroom-backups-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
});
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe(`backups on ${backend}`, { timeout: 180_000 }, () => {
  it("restore to an equal database where every invariant holds, replacing what it held; newer, damaged or foreign backups change nothing", async () => {
    const source = resolveDatabaseTarget(process.env.DATABASE_URL);
    await placeOrders(5);
    const file = path.join(dir, `plain-${backend}`);
    if (backend === "pglite") {
      // This test process holds the database open, as `npm run dev` would: PGlite serves one process per directory.
      await expect(backupDatabase(source, file)).rejects.toMatchObject({ code: "IN_USE" });
      await closeDatabase();
    }
    const original = await inspect(source);
    const backup = await backupDatabase(source, file);
    expect(backup.format).toBe(backend === "postgres" ? "pg_dump" : "pglite");
    expect(backup.migrations.length).toBeGreaterThan(0);

    const copy = await createEmptyDatabase(backend);
    cleanups.push(copy.drop);
    expect((await restoreDatabase(copy.target, file)).behind).toEqual([]);
    const restored = await inspect(copy.target);
    expect(restored).toEqual(original);
    expect(restored.broken).toEqual(allHold);
    expect(restored.orders).toBeGreaterThanOrEqual(5);

    // Written to since (and marked as migrated by newer code), then restored over: the backup's state, not a mix.
    const handle = openDatabase(copy.target, { poolSize: 1 });
    await handle.db.$executeRawUnsafe(`DELETE FROM "CartItem"`);
    await handle.db
      .$executeRawUnsafe(`DELETE FROM "Product" WHERE NOT EXISTS (SELECT 1 FROM "OrderLine" l WHERE l."productId" = "Product"."id")
      AND NOT EXISTS (SELECT 1 FROM "StockMovement" m WHERE m."productId" = "Product"."id")`);
    await handle.db.$executeRawUnsafe(
      `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
       VALUES ('future', 'x', '29990101000000_from_the_future', now(), now(), 1)`,
    );
    await handle.close();
    const future = path.join(dir, `future-${backend}`);
    await backupDatabase(copy.target, future);
    await restoreDatabase(copy.target, file);
    expect(await inspect(copy.target)).toEqual(original);

    await expect(restoreDatabase(copy.target, future)).rejects.toMatchObject({
      code: "NEWER_SCHEMA",
      message: expect.stringContaining("29990101000000_from_the_future"),
    });
    const damaged = path.join(dir, `damaged-${backend}`);
    const bytes = await readFile(file);
    await writeFile(damaged, bytes.subarray(0, Math.floor(bytes.length * 0.8)));
    await expect(restoreDatabase(copy.target, damaged)).rejects.toMatchObject({ name: "BackupError" });
    const foreign: DatabaseTarget =
      backend === "postgres"
        ? { kind: "pglite", dataDir: path.join(dir, "none") }
        : resolveDatabaseTarget("postgresql://nobody@127.0.0.1:1/none");
    await expect(restoreDatabase(foreign, file)).rejects.toMatchObject({ code: "WRONG_BACKEND" });
    expect(await inspect(copy.target)).toEqual(original);
  });
});
