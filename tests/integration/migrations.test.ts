import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { emptyMemoryPglite } from "../../src/server/db/pglite";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  applyMigrations,
  defaultPaths,
  markRolledBack,
  MigrationError,
  migrationStatus,
  type MigrationTarget,
  type MigratorPaths,
} from "../../src/server/db/migrator";
import { createEmptyDatabase } from "../setup/databases";

const fixturesDir = path.resolve("tests/migrations/fixtures");
const backend = inject("backend");

/**
 * A database the migrator works on: on PGlite an in-memory instance held open for the whole test (opening
 * a PGlite costs about a second, a dozen times per test otherwise), on PostgreSQL a fresh database.
 */
type TestTarget = MigrationTarget;

/** Runs SQL on the database outside Prisma (its last statement's rows). */
async function sql<T = Record<string, unknown>>(target: TestTarget, text: string): Promise<T[]> {
  if (target.kind === "open-pglite") {
    const results = await target.db.exec(text);
    return (results.at(-1)?.rows ?? []) as T[];
  }
  if (target.kind !== "postgres") throw new Error("the tests hold PGlite open");
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  try {
    const result = await client.query(text);
    return ((Array.isArray(result) ? result.at(-1) : result)?.rows ?? []) as T[];
  } finally {
    await client.end();
  }
}

async function migrationNames(): Promise<string[]> {
  const entries = await readdir(defaultPaths.migrationsDir, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/** Every fixture row (one holding a value that starts with "fx-") of every table, as JSON, keyed by table. */
async function fixtureRows(target: TestTarget): Promise<Record<string, Record<string, unknown>[]>> {
  const tables = await sql<{ table_name: string }>(
    target,
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations' ORDER BY 1`,
  );
  const out: Record<string, Record<string, unknown>[]> = {};
  for (const { table_name } of tables) {
    const rows = await sql<{ row: Record<string, unknown> }>(
      target,
      `SELECT to_jsonb(t) AS row FROM "${table_name}" t WHERE to_jsonb(t)::text LIKE '%"fx-%' ORDER BY 1`,
    );
    out[table_name] = rows.map((r) => (typeof r.row === "string" ? JSON.parse(r.row) : r.row));
  }
  return out;
}

describe(`migrations on ${backend}`, () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  async function emptyDatabase(): Promise<TestTarget> {
    if (backend === "pglite") {
      const db = await emptyMemoryPglite();
      cleanups.push(() => db.close());
      return { kind: "open-pglite", db };
    }
    const db = await createEmptyDatabase(backend);
    cleanups.push(db.drop);
    return db.target;
  }

  it("has a data fixture for every migration", async () => {
    const fixtures = new Set(await readdir(fixturesDir));
    for (const name of await migrationNames()) expect(fixtures, `tests/migrations/fixtures/${name}.sql`).toContain(`${name}.sql`);
  });

  it("applies every migration to an empty database and is then up to date", async () => {
    const target = await emptyDatabase();
    const applied = await applyMigrations(target);
    expect(applied).toEqual(await migrationNames());
    const status = await migrationStatus(target);
    expect(status).toMatchObject({ upToDate: true, pending: [], failed: [], edited: [] });
    expect(await applyMigrations(target)).toEqual([]);
    const bookkeeping = await sql<{ migration_name: string; checksum: string }>(
      target,
      `SELECT migration_name, checksum FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY 1`,
    );
    expect(bookkeeping.map((r) => r.migration_name)).toEqual(applied);
    expect(bookkeeping.every((r) => /^[0-9a-f]{64}$/.test(r.checksum))).toBe(true);
  });

  it("applies each migration over the previous migration's data and keeps that data", async () => {
    const target = await emptyDatabase();
    let before: Record<string, Record<string, unknown>[]> = {};
    for (const name of await migrationNames()) {
      expect(await applyMigrations(target, { upTo: name })).toEqual([name]);
      // Every row that existed before this migration is still there, with the same values.
      const after = await fixtureRows(target);
      for (const [table, rows] of Object.entries(before)) {
        expect(after[table], `${name} kept table ${table}`).toBeDefined();
        for (const row of rows) expect(after[table], `${name} kept a row of ${table}`).toContainEqual(expect.objectContaining(row));
      }
      await sql(target, await readFile(path.join(fixturesDir, `${name}.sql`), "utf8"));
      before = await fixtureRows(target);
      expect(Object.values(before).flat().length).toBeGreaterThan(0);
    }
  });

  describe("a failing migration", () => {
    let paths: MigratorPaths;
    let target: TestTarget;
    const broken = "29990101000000_broken";

    beforeAll(async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), "stockroom-migrations-"));
      cleanups.push(() => rm(dir, { recursive: true, force: true }));
      await cp(defaultPaths.migrationsDir, dir, { recursive: true });
      paths = { schemaPath: defaultPaths.schemaPath, migrationsDir: dir };
      await cp(path.join(dir, (await migrationNames())[0]!), path.join(dir, broken), { recursive: true });
      // Its first statements succeed, then it fails: none of it may remain.
      await writeFile(
        path.join(dir, broken, "migration.sql"),
        `CREATE TABLE "Broken" ("id" TEXT PRIMARY KEY);\nUPDATE "Product" SET "stock" = 999;\nSELECT 1 / 0;\n`,
      );
      target = await emptyDatabase();
      await applyMigrations(target, { paths, upTo: (await migrationNames()).at(-1) });
      await sql(target, `INSERT INTO "Product" ("id","sku","name","priceMinor","updatedAt") VALUES ('fx-p','FX-P','P',1,now())`);
    });

    it("writes nothing and is recorded as failed", async () => {
      const error = await applyMigrations(target, { paths }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MigrationError);
      expect((error as Error).message).toContain("division by zero");
      expect(await sql(target, `SELECT to_regclass('public."Broken"') AS t`)).toEqual([{ t: null }]);
      expect(await sql(target, `SELECT "stock" FROM "Product" WHERE id = 'fx-p'`)).toEqual([{ stock: 0 }]);
      expect((await migrationStatus(target, paths)).failed).toEqual([broken]);
    });

    it("blocks the next run (P3009) until resolved, then applies once fixed", async () => {
      const error = await applyMigrations(target, { paths }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MigrationError);
      expect((error as MigrationError).code).toBe("P3009");
      await writeFile(path.join(paths.migrationsDir, broken, "migration.sql"), `CREATE TABLE "Broken" ("id" TEXT PRIMARY KEY);\n`);
      await markRolledBack(target, broken, paths);
      expect(await applyMigrations(target, { paths })).toEqual([broken]);
      expect((await migrationStatus(target, paths)).upToDate).toBe(true);
    });

    it("reports a migration edited after it was applied", async () => {
      const first = (await migrationNames())[0]!;
      const file = path.join(paths.migrationsDir, first, "migration.sql");
      await writeFile(file, `${await readFile(file, "utf8")}\n-- edited\n`);
      const status = await migrationStatus(target, paths);
      expect(status.edited).toEqual([first]);
      expect(status.upToDate).toBe(false);
    });
  });
});
