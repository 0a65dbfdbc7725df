/** The operator's view of `npm run db:*`: bad settings and refusals are one clear line and exit 1. */
import { execFile } from "node:child_process";
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { runDb } from "../../scripts/lib/db-cli";
import { createMigration, pendingSchemaChange } from "../../src/server/db/migrator";
import { capturedIo } from "../setup/cli";

const run = promisify(execFile);
const tsx = path.resolve("node_modules/.bin/tsx");

async function db(args: string[], env: Record<string, string>) {
  const captured = capturedIo({ env });
  const code = await runDb(args, captured.io);
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}

describe("npm run db:*", () => {
  it("rejects a malformed DATABASE_URL with one line naming it (as an operator runs it: its own process)", async () => {
    const result = await run(tsx, ["scripts/db.ts", "status"], {
      env: { ...process.env, DATABASE_URL: "mysql://root@localhost/shop" },
    }).then(
      () => ({ code: 0, stderr: "" }),
      (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
    );
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toContain("DATABASE_URL");
  });

  it("reports an unreachable database with one line, not a stack trace", async () => {
    const result = await db(["migrate"], { DATABASE_URL: "postgresql://nobody@127.0.0.1:1/none" });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/^error: /);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("refuses to seed with NODE_ENV=production", async () => {
    const result = await db(["seed"], { NODE_ENV: "production", DATABASE_URL: "pglite:memory" });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("refusing to seed");
  });

  it("prints its usage for an unknown command", async () => {
    const result = await db(["migrate-everything"], {});
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("usage: tsx scripts/db.ts migrate");
  });
});

describe("schema change detection (db:check) and db:migrate:create", () => {
  const dirs: string[] = [];
  afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it("finds no pending change in the repository", async () => {
    expect(await pendingSchemaChange()).toBe("");
  });

  it("finds a schema change with no migration, and creates the migration and its down script for it", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "stockroom-schema-"));
    dirs.push(dir);
    await cp("prisma", dir, { recursive: true });
    const paths = { schemaPath: path.join(dir, "schema.prisma"), migrationsDir: path.join(dir, "migrations") };
    const schema = await readFile(paths.schemaPath, "utf8");
    await writeFile(
      paths.schemaPath,
      schema.replace("  stock       Int      @default(0)", "  stock       Int      @default(0)\n  weightGrams Int?"),
    );

    expect(await pendingSchemaChange(paths)).toContain(`ADD COLUMN     "weightGrams" INTEGER`);
    const created = await createMigration("add weight", paths, new Date("2030-01-02T03:04:05Z"));
    expect(path.basename(created!)).toBe("20300102030405_add_weight");
    expect(await readFile(path.join(created!, "migration.sql"), "utf8")).toContain(`"weightGrams" INTEGER`);
    // The way back, from Prisma's diff the other way, under a header that asks for review and names the data lost.
    const down = await readFile(path.join(created!, "down.sql"), "utf8");
    expect(down).toMatch(/^-- Down: 20300102030405_add_weight\n/);
    expect(down).toMatch(/^-- Data lost: /m);
    expect(down).toMatch(/ALTER TABLE ("public"\.)?"Product" DROP COLUMN "weightGrams";/);
    expect(await pendingSchemaChange(paths)).toBe("");
    expect(await createMigration("again", paths)).toBeNull();
    expect((await readdir(paths.migrationsDir)).filter((n) => n.endsWith("_again"))).toEqual([]);
  });
});
