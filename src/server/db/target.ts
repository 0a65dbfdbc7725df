import { mkdirSync } from "node:fs";
import path from "node:path";
import { ConfigError } from "../config-error";

/** Where the data lives: a PostgreSQL server, or an embedded PGlite directory (null = in memory). */
export type DatabaseTarget = { kind: "postgres"; url: string } | { kind: "pglite"; dataDir: string | null };

export const DEFAULT_PGLITE_DIR = ".data/pglite";

/**
 * Reads DATABASE_URL: unset means the embedded default (`.data/pglite`), `pglite:<dir>` or
 * `pglite:memory` choose PGlite, and a `postgres://` / `postgresql://` URL a PostgreSQL server.
 */
export function resolveDatabaseTarget(raw: string | undefined = process.env.DATABASE_URL): DatabaseTarget {
  const value = raw?.trim();
  if (!value) return { kind: "pglite", dataDir: path.resolve(DEFAULT_PGLITE_DIR) };
  if (value.startsWith("pglite:")) {
    const dir = value.slice("pglite:".length);
    if (dir === "memory") return { kind: "pglite", dataDir: null };
    if (!dir) throw new ConfigError("DATABASE_URL: `pglite:` needs a directory or `memory`, e.g. pglite:.data/pglite");
    return { kind: "pglite", dataDir: path.resolve(dir) };
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(
      "DATABASE_URL is not a valid URL: expected postgresql://user:password@host:5432/db, pglite:<dir> or pglite:memory",
    );
  }
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
    throw new ConfigError(`DATABASE_URL has unsupported scheme "${url.protocol}": expected postgresql://, pglite:<dir> or pglite:memory`);
  }
  if (!url.hostname) throw new ConfigError("DATABASE_URL has no host: expected postgresql://user:password@host:5432/db");
  if (url.pathname.length <= 1) throw new ConfigError("DATABASE_URL names no database: add /<database> after the host");
  return { kind: "postgres", url: value };
}

/** A description safe to log: never includes a password. */
export function describeTarget(target: DatabaseTarget): string {
  if (target.kind === "pglite") return target.dataDir ? `PGlite at ${target.dataDir}` : "PGlite in memory";
  const url = new URL(target.url);
  return `PostgreSQL at ${url.hostname}:${url.port || 5432}${url.pathname}`;
}

/** Creates a PGlite data directory's parents (PGlite itself only creates the last level). */
export function ensurePgliteDir(dataDir: string | null): string | undefined {
  if (!dataDir) return undefined;
  mkdirSync(dataDir, { recursive: true });
  return dataDir;
}
