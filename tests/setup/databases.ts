/**
 * Test databases. Each run makes its own: a migrated + seeded template, then one copy per test file
 * (`CREATE DATABASE ... TEMPLATE` on PostgreSQL, a copied directory for PGlite), all removed afterwards.
 */
import { cp, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { openDatabase } from "../../src/server/db/client";
import { applyMigrations } from "../../src/server/db/migrator";
import type { DatabaseTarget } from "../../src/server/db/target";
import { seedDatabase } from "../../prisma/seed";

export type Backend = "pglite" | "postgres";

/** The server the PostgreSQL tests use; each run creates and drops its own databases on it. */
export const adminUrl = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export function databaseUrl(name: string, server = adminUrl): string {
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Work on the server's maintenance database (`server`: another server than the tests', e.g. the benchmark's). */
export async function withAdmin<T>(work: (client: pg.Client) => Promise<T>, server = adminUrl): Promise<T> {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
}

/** A new, empty database of the given kind, and how to remove it. */
export async function createEmptyDatabase(backend: Backend): Promise<{ target: DatabaseTarget; url: string; drop(): Promise<void> }> {
  if (backend === "pglite") {
    const dir = await mkdtemp(path.join(os.tmpdir(), "stockroom-pglite-"));
    return { target: { kind: "pglite", dataDir: dir }, url: `pglite:${dir}`, drop: () => rm(dir, { recursive: true, force: true }) };
  }
  const name = uniqueName("stockroom_test");
  await withAdmin((c) => c.query(`CREATE DATABASE "${name}"`));
  const url = databaseUrl(name);
  return { target: { kind: "postgres", url }, url, drop: () => dropDatabase(name) };
}

export async function dropDatabase(name: string) {
  await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/** A migrated and seeded database to copy from. */
export async function createTemplate(backend: Backend) {
  const db = await createEmptyDatabase(backend);
  await applyMigrations(db.target);
  const handle = openDatabase(db.target, { poolSize: 2 });
  try {
    await seedDatabase(handle.db);
  } finally {
    await handle.close();
  }
  return db;
}

/** A private copy of the template for one test file. */
export async function copyTemplate(backend: Backend, templateUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  if (backend === "pglite") {
    const source = templateUrl.slice("pglite:".length);
    const dir = await mkdtemp(path.join(os.tmpdir(), "stockroom-pglite-"));
    await cp(source, dir, { recursive: true });
    return { url: `pglite:${dir}`, drop: () => rm(dir, { recursive: true, force: true }) };
  }
  const template = new URL(templateUrl).pathname.slice(1);
  const name = uniqueName("stockroom_test");
  await withAdmin((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  return { url: databaseUrl(name), drop: () => dropDatabase(name) };
}

/** Drops test databases left by runs that crashed: their name carries the pid of a process now gone. */
export async function dropAbandonedDatabases(): Promise<string[]> {
  const names = await withAdmin(async (c) =>
    (await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'stockroom\\_test\\_%'`)).rows.map(
      (r) => r.datname,
    ),
  );
  const abandoned = names.filter((name) => {
    const pid = Number(/^stockroom_test_(\d+)_/.exec(name)?.[1]);
    if (!pid) return false;
    try {
      process.kill(pid, 0);
      return false;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === "ESRCH";
    }
  });
  for (const name of abandoned) await dropDatabase(name);
  return abandoned;
}
