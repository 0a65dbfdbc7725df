/**
 * Backups and restores of either backend (`npm run db:backup`, `npm run db:restore`; docs/backup.md).
 *
 * - PostgreSQL: `pg_dump --format=custom`, one consistent snapshot taken while the app keeps writing. A restore
 *   replays it with `pg_restore | psql --single-transaction` after dropping Stockroom's schemas in the same
 *   transaction: the database ends up as the backup, or, when anything fails, as it was.
 * - PGlite: its own data-directory dump (a gzipped tarball). PGlite is one process per directory, so both
 *   need the app stopped; a restore keeps the directory it replaces beside it.
 *
 * A restore reads the backup's migrations first and refuses one made by newer code than this.
 */
import { execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, open, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { PassThrough } from "node:stream";
import { promisify } from "node:util";
import { gunzip as zlibGunzip } from "node:zlib";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import pg from "pg";
import { defaultPaths, readMigrations, type MigratorPaths } from "./migrator";
import { newPglite } from "./pglite";
import type { DatabaseTarget } from "./target";

const run = promisify(execFile);
const gunzip = promisify(zlibGunzip);

/** A backup or restore the operator must act on; the message says what to do. */
export class BackupError extends Error {
  override name = "BackupError";
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

export type BackupFormat = "pg_dump" | "pglite";

export interface BackupResult {
  file: string;
  format: BackupFormat;
  bytes: number;
  /** The migrations applied in the backed-up database, oldest first. */
  migrations: string[];
  ms: number;
}

export interface RestoreResult {
  format: BackupFormat;
  migrations: string[];
  /** Migrations this code has that the backup had not applied: `npm run db:migrate` applies them. */
  behind: string[];
  /** PGlite: where the directory that was replaced now is. */
  previous?: string;
  ms: number;
}

/** The default file for a backup taken now: .data/backups/stockroom-<UTC time>.<format>. */
export function defaultBackupFile(target: DatabaseTarget, now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  return path.resolve(".data/backups", `stockroom-${stamp}.${target.kind === "postgres" ? "pgdump" : "pglite.tar.gz"}`);
}

// ---------------------------------------------------------------------------------------------- PostgreSQL

/** A PostgreSQL client program: from PG_BIN_DIR when set, else the PATH. */
function pgProgram(name: "pg_dump" | "pg_restore" | "psql", env: Record<string, string | undefined>): string {
  return env.PG_BIN_DIR ? path.join(env.PG_BIN_DIR, name) : name;
}

/** The major version a client program reports (`pg_dump (PostgreSQL) 15.20 (Debian …)` is 15). */
export function programMajor(versionLine: string): number | null {
  const match = /\(PostgreSQL\)\s+(\d+)/.exec(versionLine);
  return match ? Number(match[1]) : null;
}

async function clientMajor(program: string): Promise<number> {
  const { stdout } = await run(program, ["--version"]).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT")
      throw new BackupError(
        `${path.basename(program)} was not found: install PostgreSQL's client programs (apt-get install postgresql-client) or set PG_BIN_DIR`,
        "NO_CLIENT",
      );
    throw error;
  });
  const major = programMajor(stdout);
  if (major === null) throw new BackupError(`Cannot read the version of ${program}: ${stdout.trim()}`, "NO_CLIENT");
  return major;
}

async function serverMajor(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ v: string }>("SHOW server_version_num");
    return Math.floor(Number(rows[0]!.v) / 10_000);
  } finally {
    await client.end();
  }
}

/** pg_dump reads servers of its own major version and older only: say which client to install when it is older. */
export function checkDumpVersion(dumpMajor: number, serverMajor: number): void {
  if (dumpMajor < serverMajor)
    throw new BackupError(
      `pg_dump ${dumpMajor} cannot back up a PostgreSQL ${serverMajor} server: install PostgreSQL ${serverMajor}'s client programs ` +
        `(apt-get install postgresql-client-${serverMajor}) or set PG_BIN_DIR to their directory`,
      "CLIENT_TOO_OLD",
    );
}

/** Runs a program, failing with its standard error. */
function spawnChecked(program: string, args: string[], options: { stdin?: NodeJS.ReadableStream | string; stdout?: "pipe" } = {}) {
  const child = spawn(program, args, { stdio: ["pipe", options.stdout ?? "ignore", "pipe"] });
  const { stdin, stderr: errors } = child as typeof child & { stdin: NodeJS.WritableStream; stderr: NodeJS.ReadableStream };
  let stderr = "";
  errors.on("data", (chunk: Buffer) => {
    if (stderr.length < 64_000) stderr += chunk.toString();
  });
  const done = new Promise<void>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve() : reject(new BackupError(`${path.basename(program)} failed (exit ${code}): ${stderr.trim()}`, "FAILED")),
    );
  });
  if (typeof options.stdin === "string") stdin.end(options.stdin);
  else if (options.stdin) options.stdin.pipe(stdin);
  else stdin.end();
  return { child, done };
}

async function backupPostgres(url: string, file: string, env: Record<string, string | undefined>): Promise<string[]> {
  const program = pgProgram("pg_dump", env);
  checkDumpVersion(await clientMajor(program), await serverMajor(url));
  // One snapshot for the whole dump (pg_dump's own transaction), written aside and renamed when complete.
  await spawnChecked(program, ["--format=custom", "--no-owner", "--no-privileges", `--file=${file}.partial`, `--dbname=${url}`]).done;
  await rename(`${file}.partial`, file);
  return migrationsInDump(file, env);
}

/** The migrations applied in a pg_dump file (the rows of its `_prisma_migrations` that finished and were not rolled back). */
async function migrationsInDump(file: string, env: Record<string, string | undefined>): Promise<string[]> {
  const { child, done } = spawnChecked(pgProgram("pg_restore", env), ["--data-only", "--table=_prisma_migrations", "--file=-", file], {
    stdout: "pipe",
  });
  let text = "";
  child.stdout!.on("data", (chunk: Buffer) => (text += chunk.toString()));
  await done;
  const lines = text.split("\n");
  const header = lines.findIndex((l) => l.startsWith("COPY public._prisma_migrations ("));
  if (header === -1) return [];
  const columns = /\(([^)]*)\)/
    .exec(lines[header]!)![1]!
    .split(",")
    .map((c) => c.trim());
  const at = (name: string) => columns.indexOf(name);
  const rows: { name: string; started: string }[] = [];
  for (const line of lines.slice(header + 1)) {
    if (line === "\\.") break;
    const cells = line.split("\t");
    if (cells[at("finished_at")] === "\\N" || cells[at("rolled_back_at")] !== "\\N") continue;
    rows.push({ name: cells[at("migration_name")]!, started: cells[at("started_at")]! });
  }
  return rows.sort((a, b) => a.started.localeCompare(b.started) || a.name.localeCompare(b.name)).map((r) => r.name);
}

async function restorePostgres(url: string, file: string, env: Record<string, string | undefined>): Promise<void> {
  const restoreProgram = pgProgram("pg_restore", env);
  const psqlProgram = pgProgram("psql", env);
  const restoreMajor = await clientMajor(restoreProgram);
  const listing = await run(restoreProgram, ["--list", file]).catch((error: { stderr?: string }) => {
    const detail = (error.stderr ?? "").trim();
    if (/unsupported version/i.test(detail))
      throw new BackupError(
        `pg_restore ${restoreMajor} cannot read ${file}, made by a newer pg_dump: install that version's client programs or set PG_BIN_DIR (${detail})`,
        "CLIENT_TOO_OLD",
      );
    throw new BackupError(`${file} is not a backup pg_restore can read: ${detail}`, "UNREADABLE");
  });
  const dumpedBy = Number(/Dumped by pg_dump version:\s*(\d+)/.exec(listing.stdout)?.[1]) || null;
  if (dumpedBy !== null && dumpedBy > restoreMajor)
    throw new BackupError(
      `The backup was made by pg_dump ${dumpedBy}; pg_restore ${restoreMajor} may not restore it: install PostgreSQL ${dumpedBy}'s client programs or set PG_BIN_DIR`,
      "CLIENT_TOO_OLD",
    );
  // The schemas go, and the backup comes back, in one transaction (psql --single-transaction): all or nothing.
  const script = spawnChecked(restoreProgram, ["--no-owner", "--no-privileges", "--file=-", file], { stdout: "pipe" });
  const prelude = "DROP SCHEMA IF EXISTS pgboss CASCADE;\nDROP SCHEMA IF EXISTS public CASCADE;\nCREATE SCHEMA public;\n";
  const input = new PassThrough();
  input.write(prelude);
  script.child.stdout!.pipe(input);
  const apply = spawnChecked(psqlProgram, ["-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction", `--dbname=${url}`], {
    stdin: input,
  });
  await Promise.all([script.done, apply.done]);
}

// ---------------------------------------------------------------------------------------------- PGlite

const GZIP_MAGIC = [0x1f, 0x8b];

/** PGlite writes postmaster.pid while a process has the directory open, and removes it when it closes. */
function assertNotInUse(dataDir: string): void {
  if (existsSync(path.join(dataDir, "postmaster.pid")))
    throw new BackupError(
      `${dataDir} is open in another process (its postmaster.pid is there): stop npm run dev / npm start / the worker first ` +
        "(PGlite serves one process per directory). If nothing runs, a crash left the file: start and stop the app once.",
      "IN_USE",
    );
}

async function appliedMigrations(db: PGlite): Promise<string[]> {
  const exists = await db.query<{ found: boolean }>("SELECT to_regclass('_prisma_migrations') IS NOT NULL AS found");
  if (!exists.rows[0]?.found) return [];
  const { rows } = await db.query<{ migration_name: string }>(
    "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY started_at, migration_name",
  );
  return rows.map((r) => r.migration_name);
}

async function backupPglite(dataDir: string, file: string): Promise<string[]> {
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) throw new BackupError(`${dataDir} holds no database to back up`, "NO_DATABASE");
  assertNotInUse(dataDir);
  const db = newPglite(dataDir);
  try {
    const migrations = await appliedMigrations(db);
    const dump = await db.dumpDataDir("gzip");
    await writeFile(`${file}.partial`, Buffer.from(await dump.arrayBuffer()));
    await rename(`${file}.partial`, file);
    return migrations;
  } finally {
    await db.close();
  }
}

/** Opens a PGlite backup in memory (which also proves it is one) and reads its migrations. */
async function migrationsInPgliteBackup(blob: Blob): Promise<string[]> {
  const db = new PGlite("memory://", { extensions: { pg_trgm }, loadDataDir: blob });
  try {
    await db.waitReady;
    return await appliedMigrations(db);
  } finally {
    await db.close();
  }
}

async function restorePglite(dataDir: string, blob: Blob, now: Date): Promise<string> {
  assertNotInUse(dataDir);
  const previous = `${dataDir}.before-restore-${now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z")}`;
  const hadData = existsSync(dataDir);
  if (hadData) await rename(dataDir, previous);
  try {
    await mkdir(dataDir, { recursive: true });
    const db = new PGlite(dataDir, { extensions: { pg_trgm }, loadDataDir: blob });
    await db.waitReady;
    await db.query("SELECT 1");
    await db.close();
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    if (hadData) await rename(previous, dataDir);
    throw error;
  }
  return hadData ? previous : "";
}

// ---------------------------------------------------------------------------------------------- both

async function formatOf(file: string): Promise<BackupFormat> {
  const handle = await open(file, "r").catch(() => {
    throw new BackupError(`${file} does not exist or cannot be read`, "UNREADABLE");
  });
  try {
    const head = Buffer.alloc(5);
    await handle.read(head, 0, 5, 0);
    if (head.toString("latin1") === "PGDMP") return "pg_dump";
    if (head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1]) return "pglite";
  } finally {
    await handle.close();
  }
  throw new BackupError(`${file} is neither a pg_dump custom-format backup nor a PGlite one`, "UNREADABLE");
}

/** Backs the database up into `file` (its directory is created); an interrupted backup leaves only `<file>.partial`. */
export async function backupDatabase(
  target: DatabaseTarget,
  file: string,
  env: Record<string, string | undefined> = process.env,
): Promise<BackupResult> {
  const started = performance.now();
  await mkdir(path.dirname(file), { recursive: true });
  let migrations: string[];
  try {
    if (target.kind === "postgres") migrations = await backupPostgres(target.url, file, env);
    else if (target.dataDir === null)
      throw new BackupError("DATABASE_URL is pglite:memory: there is nothing on disk to back up", "NO_DATABASE");
    else migrations = await backupPglite(target.dataDir, file);
  } catch (error) {
    await rm(`${file}.partial`, { force: true });
    throw error;
  }
  return {
    file,
    format: target.kind === "postgres" ? "pg_dump" : "pglite",
    bytes: (await stat(file)).size,
    migrations,
    ms: Math.round(performance.now() - started),
  };
}

/** What a backup holds, read before anything is replaced: its format and its migrations, checked against this code's. */
export async function inspectBackup(
  target: DatabaseTarget,
  file: string,
  options: { env?: Record<string, string | undefined>; paths?: MigratorPaths } = {},
): Promise<{ format: BackupFormat; migrations: string[]; behind: string[]; pglite?: Blob }> {
  const env = options.env ?? process.env;
  const format = await formatOf(file);
  const wanted: BackupFormat = target.kind === "postgres" ? "pg_dump" : "pglite";
  if (format !== wanted)
    throw new BackupError(
      format === "pglite"
        ? `${file} is a PGlite backup: restore it with DATABASE_URL set to a PGlite directory (pglite:<dir>)`
        : `${file} is a PostgreSQL backup (pg_dump): restore it with DATABASE_URL set to a PostgreSQL server`,
      "WRONG_BACKEND",
    );
  let pglite: Blob | undefined;
  let migrations: string[];
  if (format === "pglite") {
    const bytes = await readFile(file);
    // A damaged archive must fail here: PGlite would fail to unpack it outside any promise we can catch.
    await gunzip(bytes).catch((error: Error) => {
      throw new BackupError(`${file} is damaged (${error.message}): it cannot be restored`, "UNREADABLE");
    });
    pglite = new Blob([bytes]);
    migrations = await migrationsInPgliteBackup(pglite).catch((error: Error) => {
      throw new BackupError(`${file} is not a PGlite backup that opens: ${error.message}`, "UNREADABLE");
    });
  } else migrations = await migrationsInDump(file, env);
  const known = (await readMigrations((options.paths ?? defaultPaths).migrationsDir)).migrationDirectories.map((d) => d.path);
  const newer = migrations.filter((m) => !known.includes(m));
  if (newer.length)
    throw new BackupError(
      `${file} comes from a newer schema than this code: it has ${newer.join(", ")}, which prisma/migrations does not. ` +
        "Restore it with the build that made it (or a later one).",
      "NEWER_SCHEMA",
    );
  return { format, migrations, behind: known.filter((m) => !migrations.includes(m)), pglite };
}

/** Replaces the database with the backup in `file`, after `inspectBackup`'s checks. */
export async function restoreDatabase(
  target: DatabaseTarget,
  file: string,
  options: { env?: Record<string, string | undefined>; paths?: MigratorPaths; now?: Date } = {},
): Promise<RestoreResult> {
  const started = performance.now();
  const env = options.env ?? process.env;
  const inspected = await inspectBackup(target, file, options);
  let previous: string | undefined;
  if (target.kind === "postgres") await restorePostgres(target.url, file, env);
  else if (target.dataDir === null)
    throw new BackupError("DATABASE_URL is pglite:memory: there is no directory to restore into", "NO_DATABASE");
  else previous = (await restorePglite(target.dataDir, inspected.pglite!, options.now ?? new Date())) || undefined;
  return {
    format: inspected.format,
    migrations: inspected.migrations,
    behind: inspected.behind,
    previous,
    ms: Math.round(performance.now() - started),
  };
}
