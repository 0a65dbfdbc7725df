/**
 * The operator CLI (`npm run admin`), in process against this file's database, and once end to end as an
 * operator runs it (a spawned `tsx scripts/admin.ts`).
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runAdmin } from "../../scripts/lib/admin-cli";
import { authenticateApiKey } from "../../src/server/auth/api-keys";
import { signInWithPassword } from "../../src/server/auth/sign-in";
import { loadServerConfig } from "../../src/server/config";
import { RateLimits } from "../../src/server/rate-limit";
import { closeDatabase, getDatabase } from "../../src/server/db";
import { capturedIo } from "../setup/cli";

const tsx = path.resolve("node_modules/.bin/tsx");

async function admin(args: string[], options: { stdin?: string; env?: Record<string, string> } = {}) {
  const captured = capturedIo(options);
  const code = await runAdmin(args, captured.io, { db: getDatabase().db });
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}

/** The real command in its own process, with the database released (PGlite allows one process per directory). */
async function spawnedAdmin(args: string[]) {
  await closeDatabase();
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(tsx, ["scripts/admin.ts", ...args], { env: process.env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
    child.stdin.end("");
  });
}

describe("npm run admin", () => {
  it("creates the first admin with a password read from standard input", async () => {
    const result = await admin(["create-admin", "--email", " Owner@Shop.TEST ", "--name", "Owner"], { stdin: "owner passphrase 1\n" });
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("created admin: owner@shop.test");
    const { db } = getDatabase();
    expect(await db.user.findUniqueOrThrow({ where: { email: "owner@shop.test" } })).toMatchObject({ role: "ADMIN", active: true });
    const signIn = await signInWithPassword(
      db,
      { email: "owner@shop.test", password: "owner passphrase 1", ip: null },
      new RateLimits({ settings: loadServerConfig().rateLimits, redis: null }),
    );
    expect(signIn.ok).toBe(true);
    expect(await db.auditEvent.findFirst({ where: { action: "cli.createAdmin" } })).toMatchObject({
      actorType: "SYSTEM",
      outcome: "ALLOWED",
    });
  });

  it("refuses a short password with one clear line", async () => {
    const result = await admin(["create-admin", "--email", "x@shop.test", "--name", "X"], { stdin: "short\n" });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe("error: password: Use at least 10 characters");
  });

  it("creates a key printing the secret once, lists it without the secret, and revokes it by prefix", async () => {
    const created = await admin(["create-key", "--name", "ERP", "--scopes", "products:read,stock:write", "--expires", "2099-01-01"]);
    expect(created.code).toBe(0);
    const secret = created.stdout.trim();
    expect(secret).toMatch(/^sk_test_[A-Za-z0-9_-]{43}$/);
    expect(await authenticateApiKey(getDatabase().db, secret)).toMatchObject({
      ok: true,
      actor: { scopes: ["products:read", "stock:write"] },
    });

    const listed = await admin(["list-keys"]);
    expect(listed.stdout).toContain(`${secret.slice(0, 14)}…`);
    expect(listed.stdout).not.toContain(secret);

    const revoked = await admin(["revoke-key", secret.slice(0, 14)]);
    expect(revoked.code).toBe(0);
    expect(await authenticateApiKey(getDatabase().db, secret)).toEqual({ ok: false, problem: "API_KEY_REVOKED" });
  });

  it("rejects an unknown scope, naming the valid ones", async () => {
    const result = await admin(["create-key", "--name", "bad", "--scopes", "everything"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("unknown scope everything; choose from products:read");
  });

  it("prints its usage for --help, and usage with one line (no stack trace) for an unknown option", async () => {
    const help = await admin(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("usage: npm run admin -- <create-admin | create-key | list-keys | revoke-key>");
    const bad = await admin(["create-key", "--bogus"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.split("\n")[0]).toBe("error: Unknown option '--bogus'");
    expect(bad.stderr).not.toContain("    at ");
  });

  it("works as an operator runs it: its own process on DATABASE_URL, the secret alone on standard output", async () => {
    const created = await spawnedAdmin(["create-key", "--name", "Spawned", "--scopes", "orders:read"]);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/^sk_test_[A-Za-z0-9_-]{43}\n$/);
    expect(created.stderr).toContain("created API key sk_test_");
    expect(await authenticateApiKey(getDatabase().db, created.stdout.trim())).toMatchObject({
      ok: true,
      actor: { scopes: ["orders:read"] },
    });
  });
});
