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
  planRollback,
  rollbackMigrations,
  type MigrationTarget,
  type MigratorPaths,
} from "../../src/server/db/migrator";
import { createEmptyDatabase } from "../setup/databases";
import { schemaSnapshot } from "../migrations/schema-snapshot";

const fixturesDir = path.resolve("tests/migrations/fixtures");
const backend = inject("backend");

/**
 * A database the migrator works on: on PGlite an in-memory instance held open for the whole test (opening
 * a PGlite costs about a second, a dozen times per test otherwise), on PostgreSQL a fresh database.
 */
type TestTarget = MigrationTarget;

// One connection per database for the test's own queries (a schema snapshot is a dozen of them).
const clients = new Map<string, Promise<pg.Client>>();
afterAll(async () => {
  for (const client of clients.values()) await (await client).end().catch(() => {});
});

function clientFor(url: string): Promise<pg.Client> {
  let client = clients.get(url);
  if (!client) {
    const created = new pg.Client({ connectionString: url });
    // Its database is dropped WITH (FORCE) at the end, which may end this connection first.
    created.on("error", () => {});
    client = created.connect().then(() => created);
    clients.set(url, client);
  }
  return client;
}

/** Runs SQL on the database outside Prisma (its last statement's rows). */
async function sql<T = Record<string, unknown>>(target: TestTarget, text: string): Promise<T[]> {
  if (target.kind === "open-pglite") {
    const results = await target.db.exec(text);
    return (results.at(-1)?.rows ?? []) as T[];
  }
  if (target.kind !== "postgres") throw new Error("the tests hold PGlite open");
  const result = await (await clientFor(target.url)).query(text);
  return ((Array.isArray(result) ? result.at(-1) : result)?.rows ?? []) as T[];
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

/** The primary key of every fixture row of every table in public, as text, keyed by table. */
async function fixtureKeys(target: TestTarget): Promise<Record<string, string[]>> {
  const keys = await sql<{ table_name: string; columns: string }>(
    target,
    `SELECT c.relname AS table_name, string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) AS columns
       FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY (i.indkey)
      WHERE i.indisprimary AND n.nspname = 'public' AND c.relname <> '_prisma_migrations' GROUP BY c.relname`,
  );
  const out: Record<string, string[]> = {};
  for (const { table_name, columns } of keys) {
    const rows = await sql<{ key: string }>(
      target,
      `SELECT (${columns})::text AS key FROM "${table_name}" t WHERE to_jsonb(t)::text LIKE '%"fx-%' ORDER BY 1`,
    );
    out[table_name] = rows.map((r) => r.key);
  }
  return out;
}

/**
 * Loads a migration's fixture. `again`: after the migration was rolled back and applied again, the rows it
 * put in tables that stayed are still there; their inserts are skipped (unique violation), the rest reloads.
 */
async function loadFixture(target: TestTarget, name: string, options: { again?: boolean } = {}) {
  const text = await readFile(path.join(fixturesDir, `${name}.sql`), "utf8");
  if (!options.again) return void (await sql(target, text));
  for (const statement of text.split(/;\s*\n/).filter((s) => s.replace(/--.*$/gm, "").trim())) {
    await sql(target, statement).catch((error: { code?: string }) => {
      if (error.code !== "23505") throw error;
    });
  }
}

/**
 * The tests that replay every migration (PGlite runs them in WebAssembly, on the CPU) get a time limit of
 * their own: their work grows with each migration, and on two busy cores a replay has taken 44 s. The limit
 * only stops a hung run; nothing here waits for a duration.
 */
const REPLAY_TIMEOUT = 180_000;

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

  it(
    "applies every migration to an empty database and is then up to date",
    async () => {
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
    },
    REPLAY_TIMEOUT,
  );

  it("has a down script for every migration, naming the data it loses", async () => {
    for (const name of await migrationNames()) {
      const down = await readFile(path.join(defaultPaths.migrationsDir, name, "down.sql"), "utf8");
      expect(down, `${name}/down.sql`).toMatch(/^-- Down: /);
      expect(down, `${name}/down.sql`).toMatch(/^-- Data lost: \S/m);
    }
  });

  it(
    "applies each migration over the previous ones' data and keeps it; rolls it back, with its own data present, to the schema before it; applies it again",
    async () => {
      const target = await emptyDatabase();
      const snapshot = () => schemaSnapshot((text) => sql(target, text));
      let schemaBefore = await snapshot();
      let keysBefore: Record<string, string[]> = {};
      let rowsBefore: Record<string, Record<string, unknown>[]> = {};
      for (const name of await migrationNames()) {
        expect(await applyMigrations(target, { upTo: name })).toEqual([name]);
        // Every row that existed before this migration is still there, with the same values (new columns may be added).
        const rows = await fixtureRows(target);
        for (const [table, before] of Object.entries(rowsBefore)) {
          expect(rows[table], `${name} kept table ${table}`).toBeDefined();
          for (const row of before) expect(rows[table], `${name} kept a row of ${table}`).toContainEqual(expect.objectContaining(row));
        }
        const schemaApplied = await snapshot();
        await loadFixture(target, name);

        const steps = await planRollback(target);
        expect(steps.map((s) => s.name)).toEqual([name]);
        expect(await rollbackMigrations(target, steps)).toEqual([name]);
        expect(await snapshot(), `${name} rolled back`).toEqual(schemaBefore);
        // The rows of the tables that stay are all still there.
        const keys = await fixtureKeys(target);
        for (const [table, before] of Object.entries(keysBefore))
          expect(keys[table], `${name} rolled back kept ${table}`).toEqual(expect.arrayContaining(before));

        expect(await applyMigrations(target, { upTo: name }), `${name} is applied again`).toEqual([name]);
        expect(await snapshot(), `${name} applied again`).toEqual(schemaApplied);
        // Fixtures may make schema objects too (a pg-boss queue is a table): the next step starts from them.
        await loadFixture(target, name, { again: true });
        schemaBefore = await snapshot();
        keysBefore = await fixtureKeys(target);
        rowsBefore = await fixtureRows(target);
        expect(Object.values(rowsBefore).flat().length).toBeGreaterThan(0);
      }
      expect((await migrationStatus(target)).upToDate).toBe(true);
    },
    REPLAY_TIMEOUT,
  );

  describe("rolling back", () => {
    let paths: MigratorPaths;
    let target: TestTarget;
    let names: string[];

    beforeAll(async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), "stockroom-rollback-"));
      cleanups.push(() => rm(dir, { recursive: true, force: true }));
      await cp(defaultPaths.migrationsDir, dir, { recursive: true });
      paths = { schemaPath: defaultPaths.schemaPath, migrationsDir: dir };
      names = await migrationNames();
      target = await emptyDatabase();
      await applyMigrations(target, { paths });
    });

    it("--to undoes every migration after the one named, newest first, and refuses a name that is not applied", async () => {
      const to = names.at(-4)!;
      const steps = await planRollback(target, { to, paths });
      expect(steps.map((s) => s.name)).toEqual(names.slice(-3).reverse());
      expect(steps[0]!.dataLost.join(" ")).toMatch(/\S/);
      await expect(planRollback(target, { to: "20000101000000_nothing", paths })).rejects.toMatchObject({ code: "NOT_APPLIED" });
      await expect(planRollback(target, { to: names.at(-1)!, paths })).rejects.toMatchObject({ code: "NOTHING_APPLIED" });
    });

    it("a down script that fails undoes nothing of its migration, which stays applied", async () => {
      const last = names.at(-1)!;
      const file = path.join(paths.migrationsDir, last, "down.sql");
      const original = await readFile(file, "utf8");
      await writeFile(file, `${original}\nSELECT 1 / 0;\n`);
      const before = await schemaSnapshot((text) => sql(target, text));
      const error = await rollbackMigrations(target, await planRollback(target, { paths })).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "DOWN_FAILED" });
      expect((error as Error).message).toContain(last);
      expect(await schemaSnapshot((text) => sql(target, text))).toEqual(before);
      expect((await migrationStatus(target, paths)).upToDate).toBe(true);
      await writeFile(file, original);
    });

    it("is refused, before anything runs, when a migration to undo has no down script", async () => {
      const last = names.at(-1)!;
      await rm(path.join(paths.migrationsDir, last, "down.sql"));
      await expect(planRollback(target, { paths })).rejects.toMatchObject({ code: "NO_DOWN_SCRIPT" });
      await cp(path.join(defaultPaths.migrationsDir, last, "down.sql"), path.join(paths.migrationsDir, last, "down.sql"));
    });
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
