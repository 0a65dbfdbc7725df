/**
 * `npm run db:rollback` as an operator meets it: what it will drop, the question, --yes with no terminal, --to,
 * and the refusal in production. The rollback itself runs on both backends in migrations.test.ts; this is the
 * command around it, on a database of the PostgreSQL server.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDb } from "../../scripts/lib/db-cli";
import { applyMigrations, migrationStatus, readMigrations, defaultPaths } from "../../src/server/db/migrator";
import { capturedIo } from "../setup/cli";
import { createEmptyDatabase } from "../setup/databases";

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function migrationNames(): Promise<string[]> {
  return (await readMigrations(defaultPaths.migrationsDir)).migrationDirectories.map((d) => d.path);
}

describe("npm run db:rollback (PostgreSQL server)", () => {
  let url: string;
  let names: string[];
  const rollback = async (args: string[], options: { answers?: string[]; env?: Record<string, string> } = {}) => {
    const captured = capturedIo({ answers: options.answers, env: { DATABASE_URL: url, NODE_ENV: "development", ...options.env } });
    const code = await runDb(["rollback", ...args], captured.io);
    return { code, stdout: captured.stdout(), stderr: captured.stderr() };
  };

  beforeAll(async () => {
    const db = await createEmptyDatabase("postgres");
    cleanups.push(db.drop);
    url = db.url;
    names = await migrationNames();
    await applyMigrations(db.target);
  });

  it('shows what it will drop and asks; anything but "roll back" leaves the database as it was', async () => {
    const result = await rollback([], { answers: ["no"] });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(names.at(-1)!);
    expect(result.stderr).toMatch(/data lost: \S/);
    expect(result.stderr).toContain("Nothing rolled back.");
    expect((await migrationStatus({ kind: "postgres", url })).upToDate).toBe(true);
  });

  it("with no terminal to ask on, needs --yes", async () => {
    const refused = await rollback([]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("--yes");
    const done = await rollback(["--yes"]);
    expect(done.code).toBe(0);
    expect(done.stdout).toContain(`Rolled back ${names.at(-1)}`);
    expect((await migrationStatus({ kind: "postgres", url })).pending).toEqual([names.at(-1)]);
  });

  it("after a yes, undoes down to --to; migrate brings it all back", async () => {
    const to = names.at(-4)!;
    const result = await rollback(["--to", to], { answers: ["roll back"] });
    expect(result.code).toBe(0);
    expect((await migrationStatus({ kind: "postgres", url })).pending).toEqual(names.slice(-3));
    expect(await applyMigrations({ kind: "postgres", url })).toEqual(names.slice(-3));
  });

  it("is refused with NODE_ENV=production unless --allow-production is given", async () => {
    const refused = await rollback(["--yes"], { env: { NODE_ENV: "production" } });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("--allow-production");
    expect((await migrationStatus({ kind: "postgres", url })).upToDate).toBe(true);
    const allowed = await rollback(["--yes", "--allow-production"], { env: { NODE_ENV: "production" } });
    expect(allowed.code).toBe(0);
  });
});
