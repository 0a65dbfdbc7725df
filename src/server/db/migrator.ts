/**
 * Stockroom's migration commands (apply, create, status, check, reset, roll back) over Prisma's schema engine.
 * Migrations are standard Prisma migrations in prisma/migrations, bookkept in `_prisma_migrations`,
 * so the stock Prisma CLI elsewhere agrees with what was applied here. Each also has a `down.sql` beside its
 * `migration.sql` (which Prisma ignores): the way back, run by `rollbackMigrations`.
 */
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type * as Engine from "@prisma/schema-engine-wasm";
import { withSchemaEngine, withSqlSession, type OpenPglite } from "./schema-engine";
import type { DatabaseTarget } from "./target";

/** A configured database, or a PGlite the caller holds open. */
export type MigrationTarget = DatabaseTarget | OpenPglite;

export interface MigratorPaths {
  schemaPath: string;
  migrationsDir: string;
}

export const defaultPaths: MigratorPaths = {
  schemaPath: path.resolve("prisma/schema.prisma"),
  migrationsDir: path.resolve("prisma/migrations"),
};

const noFilter: Engine.SchemaFilter = { externalTables: [], externalEnums: [] };

/** A migration problem the operator must act on; the message says what to do. */
export class MigrationError extends Error {
  override name = "MigrationError";
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/** Reads prisma/migrations the way the Prisma CLI does (directories in name order, one migration.sql each). */
export async function readMigrations(migrationsDir: string, upTo?: string): Promise<Engine.MigrationList> {
  const entries = await readdir(migrationsDir, { withFileTypes: true }).catch(() => []);
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
    .filter((name) => upTo === undefined || name <= upTo);
  const migrationDirectories = await Promise.all(
    names.map(async (name): Promise<Engine.MigrationDirectory> => {
      const file = path.join(migrationsDir, name, "migration.sql");
      const content = await readFile(file, "utf8").then(
        (value) => ({ tag: "ok" as const, value }),
        (error: Error) => ({ tag: "error" as const, value: error.message }),
      );
      return { path: name, migrationFile: { path: "migration.sql", content } };
    }),
  );
  const lockPath = path.join(migrationsDir, "migration_lock.toml");
  const lockContent = await readFile(lockPath, "utf8").catch(() => null);
  return {
    baseDir: migrationsDir,
    lockfile: { path: "migration_lock.toml", content: lockContent },
    shadowDbInitScript: "",
    migrationDirectories,
  };
}

async function readSchema(paths: MigratorPaths) {
  return { path: paths.schemaPath, content: await readFile(paths.schemaPath, "utf8") };
}

/** Wraps an engine failure so callers see the engine's own code and message (P3009, P3018, ...). */
function asMigrationError(error: unknown): MigrationError {
  if (error instanceof MigrationError) return error;
  const e = error as { message?: string; error_code?: string; code?: string };
  const raw = e?.message ?? String(error);
  const code = e?.error_code ?? e?.code ?? /\b(P\d{4})\b/.exec(raw)?.[1] ?? "MIGRATION_FAILED";
  return new MigrationError(raw, code);
}

/** Applies every migration not yet applied; returns the names applied now. Refuses while one is failed (P3009). */
export async function applyMigrations(target: MigrationTarget, options: { paths?: MigratorPaths; upTo?: string } = {}): Promise<string[]> {
  const paths = options.paths ?? defaultPaths;
  const migrationsList = await readMigrations(paths.migrationsDir, options.upTo);
  try {
    return await withSchemaEngine(target, await readSchema(paths), async (engine) => {
      const out = await engine.applyMigrations({ migrationsList, filters: noFilter });
      return out.appliedMigrationNames;
    });
  } catch (error) {
    throw asMigrationError(error);
  }
}

export interface MigrationStatus {
  migrations: string[];
  applied: string[];
  pending: string[];
  failed: string[];
  edited: string[];
  /** Migrations in the database that the folder does not have. */
  unknown: string[];
  upToDate: boolean;
}

/** Compares prisma/migrations with `_prisma_migrations` (no shadow database needed). */
export async function migrationStatus(target: MigrationTarget, paths = defaultPaths): Promise<MigrationStatus> {
  const migrationsList = await readMigrations(paths.migrationsDir);
  const migrations = migrationsList.migrationDirectories.map((d) => d.path);
  try {
    return await withSchemaEngine(target, await readSchema(paths), async (engine) => {
      const out = await engine.diagnoseMigrationHistory({
        migrationsList,
        optInToShadowDatabase: false,
        filters: noFilter,
      });
      const history = out.history;
      const pending =
        history?.diagnostic === "databaseIsBehind" || history?.diagnostic === "historiesDiverge"
          ? history.unappliedMigrationNames
          : out.hasMigrationsTable
            ? []
            : migrations;
      const unknown =
        history?.diagnostic === "migrationsDirectoryIsBehind" || history?.diagnostic === "historiesDiverge"
          ? history.unpersistedMigrationNames
          : [];
      const applied = migrations.filter((m) => !pending.includes(m) && !out.failedMigrationNames.includes(m));
      return {
        migrations,
        applied,
        pending,
        failed: out.failedMigrationNames,
        edited: out.editedMigrationNames,
        unknown,
        upToDate:
          pending.length === 0 && unknown.length === 0 && out.failedMigrationNames.length === 0 && out.editedMigrationNames.length === 0,
      };
    });
  } catch (error) {
    throw asMigrationError(error);
  }
}

/**
 * The SQL that would bring the migrations folder up to schema.prisma; empty when they agree.
 * Replays the migrations into an in-memory PGlite shadow, so it needs no database server.
 */
export async function pendingSchemaChange(paths = defaultPaths): Promise<string> {
  // The engine cannot tell the connector of a migrations folder without its lock file.
  await ensureLockfile(paths);
  const list = await readMigrations(paths.migrationsDir);
  const schema = await readSchema(paths);
  try {
    return await withSchemaEngine("shadow-only", schema, async (engine) => {
      const out = await engine.diff({
        from: { tag: "migrations", ...list },
        to: { tag: "schemaDatamodel", files: [schema] },
        script: true,
        exitCode: true,
        filters: noFilter,
      });
      return out.exitCode === 2 ? (out.stdout ?? "") : "";
    });
  } catch (error) {
    throw asMigrationError(error);
  }
}

/** The SQL that takes schema.prisma back to the migrations folder: the down script of the change `pendingSchemaChange` gives. */
async function schemaChangeBack(paths: MigratorPaths): Promise<string> {
  const list = await readMigrations(paths.migrationsDir);
  const schema = await readSchema(paths);
  try {
    return await withSchemaEngine("shadow-only", schema, async (engine) => {
      const out = await engine.diff({
        from: { tag: "schemaDatamodel", files: [schema] },
        to: { tag: "migrations", ...list },
        script: true,
        exitCode: true,
        filters: noFilter,
      });
      return out.stdout ?? "";
    });
  } catch (error) {
    throw asMigrationError(error);
  }
}

async function ensureLockfile(paths: MigratorPaths) {
  await mkdir(paths.migrationsDir, { recursive: true });
  await writeFile(
    path.join(paths.migrationsDir, "migration_lock.toml"),
    '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n',
    { flag: "wx" },
  ).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "EEXIST") throw error;
  });
}

/** Writes `prisma/migrations/<timestamp>_<name>/migration.sql` and `down.sql` for the schema change; null when there is none. */
export async function createMigration(name: string, paths = defaultPaths, now = new Date()): Promise<string | null> {
  const slug = name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  if (!slug) throw new MigrationError("A migration needs a name, e.g. `npm run db:migrate:create -- add_orders`", "NAME");
  const sql = await pendingSchemaChange(paths);
  if (!sql.trim()) return null;
  const down = await schemaChangeBack(paths);
  const stamp = now.toISOString().replace(/[-:T]/g, "").slice(0, 14);
  const folder = `${stamp}_${slug}`;
  const dir = path.join(paths.migrationsDir, folder);
  await mkdir(dir, { recursive: false });
  await writeFile(path.join(dir, "migration.sql"), sql);
  await writeFile(path.join(dir, DOWN_SCRIPT), downScriptHeader(folder) + down);
  return dir;
}

/** Drops everything in the database (tables, types, `_prisma_migrations`). */
export async function resetDatabase(target: MigrationTarget, paths = defaultPaths): Promise<void> {
  try {
    await withSchemaEngine(target, await readSchema(paths), (engine) => engine.reset({ filter: noFilter }));
  } catch (error) {
    throw asMigrationError(error);
  }
}

/** Marks a failed migration rolled back, so it is attempted again on the next apply (after you fix it). */
export async function markRolledBack(target: MigrationTarget, migrationName: string, paths = defaultPaths) {
  try {
    await withSchemaEngine(target, await readSchema(paths), (engine) => engine.markMigrationRolledBack({ migrationName }));
  } catch (error) {
    throw asMigrationError(error);
  }
}

/** The file beside each migration.sql that undoes it. */
export const DOWN_SCRIPT = "down.sql";

/** The header every down script starts with, naming what it cannot keep; `migrate:create` writes it. */
function downScriptHeader(name: string): string {
  return [
    `-- Down: ${name}`,
    "-- Generated from Prisma's diff of schema.prisma back to the migrations before this one. Review it: undo what",
    "-- migration.sql does by hand (functions, triggers, data), and name below the data this step cannot keep.",
    "-- Data lost: (say what, or none)",
    "",
  ].join("\n");
}

/** One migration to undo: its name, its down script, and the "Data lost" lines of the script's header. */
export interface RollbackStep {
  name: string;
  script: string;
  dataLost: string[];
}

/** The lines of a down script's header comment that name what it loses ("-- Data lost: ..." and what follows). */
export function dataLostBy(script: string): string[] {
  const header = script.split("\n").filter((line, i, lines) => lines.slice(0, i + 1).every((l) => l.startsWith("--")));
  const at = header.findIndex((line) => /^--\s*Data lost:/i.test(line));
  if (at === -1) return [];
  const [first, ...rest] = header.slice(at);
  return [first!.replace(/^--\s*Data lost:\s*/i, ""), ...rest.map((l) => l.replace(/^--\s?/, ""))].filter(Boolean);
}

/** Migration names are folder names; anything else is refused before it reaches SQL. */
const MIGRATION_NAME = /^[A-Za-z0-9_]+$/;

/**
 * The applied migrations to undo, newest first: the last one, or with `to` every one applied after it.
 * Refused (MigrationError) while a migration is failed, when `to` is not applied, or when a step has no
 * down script: nothing runs unless every step can.
 */
export async function planRollback(target: MigrationTarget, options: { to?: string; paths?: MigratorPaths } = {}): Promise<RollbackStep[]> {
  const paths = options.paths ?? defaultPaths;
  const rows = await withSqlSession(target, async (sql) => {
    const exists = await sql.query<{ found: boolean }>("SELECT to_regclass('_prisma_migrations') IS NOT NULL AS found");
    if (!exists[0]?.found) return [];
    return sql.query<{ migration_name: string; finished_at: Date | null }>(
      "SELECT migration_name, finished_at FROM _prisma_migrations WHERE rolled_back_at IS NULL ORDER BY started_at, migration_name",
    );
  });
  const failed = rows.filter((r) => r.finished_at === null).map((r) => r.migration_name);
  if (failed.length)
    throw new MigrationError(
      `${failed.join(", ")} failed and is not rolled back: run npm run db:resolve -- ${failed[0]} first`,
      "FAILED_MIGRATION",
    );
  const applied = rows.map((r) => r.migration_name);
  if (!applied.length) throw new MigrationError("No migration is applied: nothing to roll back.", "NOTHING_APPLIED");
  let undo: string[];
  if (options.to === undefined) undo = applied.slice(-1);
  else {
    const at = applied.indexOf(options.to);
    if (at === -1) throw new MigrationError(`${options.to} is not an applied migration (applied: ${applied.join(", ")})`, "NOT_APPLIED");
    undo = applied.slice(at + 1);
    if (!undo.length) throw new MigrationError(`${options.to} is the last applied migration: nothing to roll back.`, "NOTHING_APPLIED");
  }
  const steps: RollbackStep[] = [];
  for (const name of undo.reverse()) {
    if (!MIGRATION_NAME.test(name)) throw new MigrationError(`Refusing an unexpected migration name: ${JSON.stringify(name)}`, "NAME");
    const file = path.join(paths.migrationsDir, name, DOWN_SCRIPT);
    const script = await readFile(file, "utf8").catch(() => null);
    if (script === null)
      throw new MigrationError(`${name} has no ${DOWN_SCRIPT} (looked for ${file}): it cannot be rolled back`, "NO_DOWN_SCRIPT");
    steps.push({ name, script, dataLost: dataLostBy(script) });
  }
  return steps;
}

/**
 * Runs each step's down script, newest first, each in one transaction with its bookkeeping: the migration's
 * row in `_prisma_migrations` is deleted, so `applyMigrations` applies it again. Stops at the first failure
 * (that step changes nothing); returns the names rolled back.
 */
export async function rollbackMigrations(target: MigrationTarget, steps: RollbackStep[]): Promise<string[]> {
  const done: string[] = [];
  await withSqlSession(target, async (sql) => {
    for (const step of steps) {
      try {
        await sql.exec(`${step.script}\n;\nDELETE FROM _prisma_migrations WHERE migration_name = '${step.name}';`);
      } catch (error) {
        const rolledBack = done.length ? ` (rolled back before it: ${done.join(", ")})` : "";
        throw new MigrationError(
          `Rolling back ${step.name} failed, nothing of it was undone${rolledBack}: ${(error as Error).message}`,
          "DOWN_FAILED",
        );
      }
      done.push(step.name);
    }
  });
  return done;
}
