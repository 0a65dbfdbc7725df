/**
 * Prisma's own schema engine (Rust, compiled to WASM and published on npm as
 * @prisma/schema-engine-wasm), driven through driver adapters, so that migrations need no
 * native engine download. See docs/decisions/002-migrations-through-the-wasm-schema-engine.md.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import type { PGlite } from "@electric-sql/pglite";
import { emptyMemoryPglite, newPglite } from "./pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import type * as Engine from "@prisma/schema-engine-wasm";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { processSingleton } from "../process-singleton";
import { ensurePgliteDir, type DatabaseTarget } from "./target";

const require = createRequire(import.meta.url);

// Process-wide, not module-wide: the glue module holds one WASM instance, and a second instantiation
// (e.g. this file loaded twice by a test runner) would swap memory under an engine that is running.
const processEngine = processSingleton<Promise<typeof Engine>>("schemaEngine");

/** Instantiates the engine's WASM module once per process (wasm-bindgen's "bundler" output, loaded by hand). */
function loadBindings(): Promise<typeof Engine> {
  return processEngine.get(async () => {
    const bgPath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const bg = (await import("@prisma/schema-engine-wasm/schema_engine_bg")) as typeof Engine & {
      __wbg_set_wasm(exports: WebAssembly.Exports): void;
    };
    const bytes = await readFile(bgPath.replace(/\.js$/, ".wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": bg });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return bg;
  });
}

/** A driver-adapter factory plus the resources to release when the engine is done. */
interface EngineConnection {
  factory: SqlMigrationAwareDriverAdapterFactory;
  close(): Promise<void>;
}

/**
 * Runs a whole migration script in one call. Both stock adapters get this wrong (adapter-pg splits on
 * `;`, breaking `$$` bodies; pglite-prisma-adapter 0.7.2 does not await). One simple-protocol query is
 * also one implicit transaction in PostgreSQL, so a failing migration writes nothing.
 */
function withWholeScript(adapter: SqlDriverAdapter, run: (script: string) => Promise<unknown>): SqlDriverAdapter {
  return new Proxy(adapter, {
    get(target, prop, receiver) {
      if (prop === "executeScript") return async (script: string) => void (await run(script));
      const value = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** The shadow database for diffs: a throwaway in-memory PGlite (no server, no CREATE DATABASE rights). */
async function connectPgliteShadow(open: PGlite[]): Promise<SqlDriverAdapter> {
  const shadow = await emptyMemoryPglite();
  open.push(shadow);
  const adapter = await new PrismaPGlite(shadow).connect();
  return withWholeScript(adapter, (script) => shadow.exec(script));
}

/**
 * Wraps a stock adapter factory: whole-script execution on `runScript`, and an in-memory PGlite for
 * every shadow database. `closeMain` releases the main connection.
 */
function engineConnection(
  inner: SqlMigrationAwareDriverAdapterFactory,
  runScript: (script: string) => Promise<unknown>,
  closeMain: () => Promise<void>,
): EngineConnection {
  const shadows: PGlite[] = [];
  return {
    factory: {
      provider: inner.provider,
      adapterName: inner.adapterName,
      connect: async () => withWholeScript(await inner.connect(), runScript),
      connectToShadowDb: () => connectPgliteShadow(shadows),
    },
    close: async () => {
      await Promise.all(shadows.splice(0).map((db) => db.close()));
      await closeMain();
    },
  };
}

/** Where the engine works: a configured database, a PGlite the caller holds open, or only a shadow (diffs). */
export type EngineTarget = DatabaseTarget | OpenPglite | "shadow-only";

/** A PGlite the caller has open (and keeps open): the engine borrows it (tests, the embedded server). */
export interface OpenPglite {
  kind: "open-pglite";
  db: PGlite;
}

async function openConnection(target: EngineTarget): Promise<EngineConnection> {
  if (target !== "shadow-only" && target.kind === "open-pglite") {
    const { db } = target;
    return engineConnection(
      new PrismaPGlite(db),
      (script) => db.exec(script),
      async () => {},
    );
  }
  if (target === "shadow-only" || target.kind === "pglite") {
    const main = target === "shadow-only" ? await emptyMemoryPglite() : newPglite(ensurePgliteDir(target.dataDir));
    return engineConnection(
      new PrismaPGlite(main),
      (script) => main.exec(script),
      () => main.close(),
    );
  }
  const pool = new pg.Pool({ connectionString: target.url, max: 2 });
  return engineConnection(
    new PrismaPg(pool),
    (script) => pool.query(script),
    () => pool.end(),
  );
}

export type SchemaEngine = Engine.SchemaEngine;

/**
 * Opens the schema engine on a database (or on nothing but a shadow, for diffs), runs `work`, and
 * releases everything. `schema` is the text of prisma/schema.prisma.
 */
export async function withSchemaEngine<T>(
  target: EngineTarget,
  schema: { path: string; content: string },
  work: (engine: Engine.SchemaEngine) => Promise<T>,
  log: (line: string) => void = () => {},
): Promise<T> {
  const { SchemaEngine } = await loadBindings();
  const connection = await openConnection(target);
  const bound = bindMigrationAwareSqlAdapterFactory(connection.factory);
  let engine: Engine.SchemaEngine | undefined;
  try {
    engine = await SchemaEngine.new({ datamodels: [[schema.path, schema.content]] }, log, bound);
    return await work(engine);
  } catch (error) {
    throw withDatabaseCause(error, bound.errorRegistry);
  } finally {
    engine?.free();
    await connection.close();
  }
}

/**
 * The engine reports a database failure as "External error id#N"; the driver's own error (e.g.
 * `division by zero`) waits in the adapter's registry. Put its message where people will read it.
 */
function withDatabaseCause(error: unknown, registry: { consumeError(id: number): { error: unknown } | undefined }) {
  const message = (error as Error)?.message;
  const id = typeof message === "string" ? /External error id#(\d+)/.exec(message)?.[1] : undefined;
  const record = id ? registry.consumeError(Number(id)) : undefined;
  if (!record) return error;
  const cause = record.error as { message?: string; code?: string; originalMessage?: string; kind?: string };
  const detail = cause?.originalMessage ?? cause?.message ?? JSON.stringify(cause);
  (error as Error).message = `${message}\nDatabase error: ${detail}`;
  return error;
}

/** Plain SQL on a migration target, for what the engine has no command for (rolling a migration back). */
export interface SqlSession {
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /** A whole script as one simple-protocol query: one implicit transaction, all or nothing. */
  exec(script: string): Promise<void>;
}

/** Opens `target` (as the engine would), runs `work`, and releases the connection. */
export async function withSqlSession<T>(target: DatabaseTarget | OpenPglite, work: (session: SqlSession) => Promise<T>): Promise<T> {
  if (target.kind === "postgres") {
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    try {
      return await work({
        query: async <R>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as R[],
        exec: async (script) => void (await client.query(script)),
      });
    } finally {
      await client.end();
    }
  }
  const db = target.kind === "open-pglite" ? target.db : newPglite(ensurePgliteDir(target.dataDir));
  try {
    return await work({
      query: async <R>(sql: string, params?: unknown[]) => (await db.query<R>(sql, params)).rows,
      exec: async (script) => void (await db.exec(script)),
    });
  } finally {
    if (target.kind !== "open-pglite") await db.close();
  }
}
