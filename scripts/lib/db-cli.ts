/**
 * Database commands (`npm run db:*`) for both backends (PostgreSQL and PGlite), without Prisma's native engine.
 *   migrate            apply pending migrations to DATABASE_URL (embedded default when unset)
 *   migrate:create N   write a migration for the change in prisma/schema.prisma
 *   status             list applied / pending / failed / edited migrations (exit 1 unless up to date)
 *   check              exit 1 if schema.prisma has a change with no migration (CI)
 *   reset              drop everything, migrate, seed (refused when NODE_ENV=production)
 *   seed               load the demo data (refused when NODE_ENV=production without --allow-production)
 *   prepare            migrate, then seed if the database has no products yet (used by `npm run dev`)
 *   resolve N          mark the failed migration N rolled back, so the next migrate retries it
 *   rollback [--to N]  undo the last applied migration (or every one after N) with its down.sql; shows what it
 *                      drops and asks first (--yes on no terminal); refused when NODE_ENV=production without
 *                      --allow-production
 *   backup [--out F]   back the database up (pg_dump custom format, or PGlite's data-directory dump) into F,
 *                      by default .data/backups/stockroom-<UTC time>.(pgdump|pglite.tar.gz)
 *   restore F          replace the database with backup F (refused when F comes from newer code); asks first
 *                      (--yes on no terminal); refused when NODE_ENV=production without --allow-production
 *   seed:scale         add bulk data (--products 50000 --orders 100000 --customers 1000) for plans and benchmarks
 */
import path from "node:path";
import { loadServerConfig } from "../../src/server/config";
import { ConfigError } from "../../src/server/config-error";
import { describeTarget } from "../../src/server/db/target";
import { BackupError, backupDatabase, defaultBackupFile, inspectBackup, restoreDatabase } from "../../src/server/db/backup";
import {
  applyMigrations,
  createMigration,
  markRolledBack,
  MigrationError,
  migrationStatus,
  pendingSchemaChange,
  planRollback,
  resetDatabase,
  rollbackMigrations,
} from "../../src/server/db/migrator";
import { openDatabase, type Db } from "../../src/server/db/client";
import { seedDatabase, SeedRefusedError, assertSeedAllowed } from "../../prisma/seed";
import { defaultScale, seedScale } from "../../prisma/seed-scale";
import type { CliIo } from "./cli";

export const dbUsage =
  "usage: tsx scripts/db.ts migrate|migrate:create <name>|status|check|reset|seed|seed:scale|prepare|resolve <name>|rollback [--to <name>] [--yes]|backup [--out <file>]|restore <file> [--yes]";

/** Runs one database command; returns the exit code. Expected problems are one line on standard error. */
export async function runDb(argv: string[], io: CliIo): Promise<number> {
  try {
    return await dbCommand(argv, io);
  } catch (error) {
    // Expected problems get one line; anything else keeps its stack for the developer.
    if (error instanceof ConfigError || error instanceof SeedRefusedError || error instanceof BackupError)
      io.err(`error: ${error.message}`);
    else if (isConnectionError(error)) io.err(`error: cannot reach the database in DATABASE_URL (${safeTarget(io)})`);
    else if (error instanceof MigrationError) io.err(`error: migration failed (${error.code}): ${error.message.split("\n").join("\n  ")}`);
    else io.err(String((error as Error)?.stack ?? error));
    return 1;
  }
}

async function dbCommand(argv: string[], io: CliIo): Promise<number> {
  const [command, ...args] = argv;
  const allowProduction = args.includes("--allow-production");
  const config = () => loadServerConfig(io.env);
  const withClient = async <T>(work: (db: Db) => Promise<T>): Promise<T> => {
    const handle = openDatabase(config().database, { poolSize: 2 });
    try {
      return await work(handle.db);
    } finally {
      await handle.close();
    }
  };
  switch (command) {
    case "migrate": {
      const target = config().database;
      const applied = await applyMigrations(target);
      io.out(
        applied.length
          ? `Applied ${applied.length} migration(s) to ${describeTarget(target)}: ${applied.join(", ")}`
          : `${describeTarget(target)} is up to date.`,
      );
      return 0;
    }
    case "migrate:create": {
      const name = args.find((a) => !a.startsWith("--")) ?? "";
      const dir = await createMigration(name);
      io.out(
        dir
          ? `Created ${dir}/migration.sql and down.sql — review both (down.sql names the data it loses), then run npm run db:migrate`
          : "No schema change: nothing to create.",
      );
      return 0;
    }
    case "status": {
      const target = config().database;
      const s = await migrationStatus(target);
      io.out(`${describeTarget(target)}: ${s.migrations.length} migration(s) in prisma/migrations`);
      for (const name of s.migrations) {
        const state = s.failed.includes(name)
          ? "FAILED"
          : s.pending.includes(name)
            ? "pending"
            : s.edited.includes(name)
              ? "EDITED after apply"
              : "applied";
        io.out(`  ${state.padEnd(18)} ${name}`);
      }
      for (const name of s.unknown) io.out(`  ${"not in folder".padEnd(18)} ${name}`);
      io.out(s.upToDate ? "Up to date." : "Not up to date.");
      return s.upToDate ? 0 : 1;
    }
    case "check": {
      const sql = await pendingSchemaChange();
      if (!sql.trim()) {
        io.out("prisma/schema.prisma matches prisma/migrations.");
        return 0;
      }
      io.err("prisma/schema.prisma has changes with no migration. Run `npm run db:migrate:create -- <name>`. Missing SQL:\n");
      io.err(sql);
      return 1;
    }
    case "reset": {
      assertSeedAllowed(io.env, allowProduction);
      const target = config().database;
      await resetDatabase(target);
      await applyMigrations(target);
      const counts = await withClient((db) => seedDatabase(db));
      io.out(`Reset ${describeTarget(target)}; seeded ${counts.products} products and ${counts.users} users.`);
      return 0;
    }
    case "seed": {
      assertSeedAllowed(io.env, allowProduction);
      const counts = await withClient((db) => seedDatabase(db));
      io.out(`Seeded ${counts.products} products and ${counts.users} users.`);
      return 0;
    }
    case "prepare": {
      const target = config().database;
      const applied = await applyMigrations(target);
      if (applied.length) io.out(`Applied ${applied.join(", ")} to ${describeTarget(target)}`);
      const seeded = await withClient(async (db) => {
        if ((await db.product.count()) > 0) return null;
        assertSeedAllowed(io.env, allowProduction);
        return seedDatabase(db);
      });
      io.out(seeded ? `Seeded ${seeded.products} products and ${seeded.users} users.` : `${describeTarget(target)} is ready.`);
      return 0;
    }
    case "seed:scale": {
      assertSeedAllowed(io.env, allowProduction);
      const flag = (name: keyof typeof defaultScale) => {
        const at = args.indexOf(`--${name}`);
        const value = at >= 0 ? Number(args[at + 1]) : defaultScale[name];
        if (!Number.isInteger(value) || value < 1) throw new ConfigError(`--${name} needs a positive whole number`);
        return value;
      };
      const scale = { products: flag("products"), orders: flag("orders"), customers: flag("customers") };
      io.out(
        `Seeding ${scale.products} products, ${scale.orders} orders, ${scale.customers} customers into ${describeTarget(config().database)}`,
      );
      await withClient((db) => seedScale(db, scale));
      return 0;
    }
    case "resolve": {
      const name = args.find((a) => !a.startsWith("--"));
      if (!name) throw new MigrationError("Name the failed migration: npm run db:resolve -- <migration>", "NAME");
      await markRolledBack(config().database, name);
      io.out(`Marked ${name} rolled back; fix it, then run npm run db:migrate.`);
      return 0;
    }
    case "rollback": {
      if (io.env.NODE_ENV === "production" && !allowProduction)
        throw new MigrationError("Refusing to roll back with NODE_ENV=production: add --allow-production if you mean it", "PRODUCTION");
      const at = args.indexOf("--to");
      const to = at >= 0 ? args[at + 1] : undefined;
      if (at >= 0 && (!to || to.startsWith("--")))
        throw new MigrationError("--to needs a migration name: npm run db:rollback -- --to <migration>", "NAME");
      const target = config().database;
      const steps = await planRollback(target, { to });
      io.err(`Rolling back ${steps.length} migration(s) on ${describeTarget(target)}, newest first:`);
      for (const step of steps) {
        io.err(`  ${step.name}`);
        io.err(`    data lost: ${step.dataLost.length ? step.dataLost.join(" ") : "not stated in its down.sql"}`);
      }
      if (!args.includes("--yes")) {
        const answer = await io.ask(`Type "roll back" to go on: `);
        if (answer === null) {
          io.err("error: not a terminal, so nothing was asked and nothing was rolled back: add --yes to go on without asking");
          return 1;
        }
        if (answer.trim().toLowerCase() !== "roll back") {
          io.err("Nothing rolled back.");
          return 1;
        }
      }
      const done = await rollbackMigrations(target, steps);
      io.out(`Rolled back ${done.join(", ")}. The code you run must be the build before ${done.at(-1)}.`);
      return 0;
    }
    case "backup": {
      const target = config().database;
      const at = args.indexOf("--out");
      const file = at >= 0 ? args[at + 1] : defaultBackupFile(target);
      if (!file || file.startsWith("--")) throw new BackupError("--out needs a file name", "USAGE");
      io.err(`Backing up ${describeTarget(target)}…`);
      const result = await backupDatabase(target, path.resolve(file), io.env);
      io.err(
        `Backed up ${describeTarget(target)} in ${(result.ms / 1000).toFixed(1)} s: ${(result.bytes / 1_048_576).toFixed(1)} MiB, ` +
          `schema at ${result.migrations.at(-1) ?? "no migration"}`,
      );
      io.out(result.file);
      return 0;
    }
    case "restore": {
      const file = args.find((a) => !a.startsWith("--"));
      if (!file) throw new BackupError("Name the backup: npm run db:restore -- <file>", "USAGE");
      if (io.env.NODE_ENV === "production" && !allowProduction)
        throw new BackupError("Refusing to restore with NODE_ENV=production: add --allow-production if you mean it", "PRODUCTION");
      const target = config().database;
      const inspected = await inspectBackup(target, path.resolve(file), { env: io.env });
      io.err(
        `Restoring ${file} (schema at ${inspected.migrations.at(-1) ?? "no migration"}) replaces everything in ${describeTarget(target)}.`,
      );
      if (!args.includes("--yes")) {
        const answer = await io.ask(`Type "restore" to go on: `);
        if (answer === null) {
          io.err("error: not a terminal, so nothing was asked and nothing was restored: add --yes to go on without asking");
          return 1;
        }
        if (answer.trim().toLowerCase() !== "restore") {
          io.err("Nothing restored.");
          return 1;
        }
      }
      const result = await restoreDatabase(target, path.resolve(file), { env: io.env });
      io.out(`Restored ${describeTarget(target)} from ${file} in ${(result.ms / 1000).toFixed(1)} s.`);
      if (result.previous) io.out(`The directory it replaced is kept at ${result.previous}: delete it when you are sure.`);
      if (result.behind.length)
        io.out(`The backup is ${result.behind.length} migration(s) behind this code: npm run db:migrate (npm start does it) applies them.`);
      return 0;
    }
    default:
      io.err(dbUsage);
      return 2;
  }
}

function isConnectionError(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  if (["ECONNREFUSED", "ENOTFOUND", "ETIMEDOUT", "EAI_AGAIN", "3D000", "28P01", "28000", "P1001", "P1003"].includes(code ?? ""))
    return true;
  return /Can't reach database server|ECONNREFUSED|database "[^"]*" does not exist|password authentication failed/.test(message ?? "");
}

function safeTarget(io: CliIo): string {
  try {
    return describeTarget(loadServerConfig(io.env).database);
  } catch {
    return "invalid";
  }
}
