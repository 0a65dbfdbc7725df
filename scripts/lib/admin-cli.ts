/**
 * Operator commands (`npm run admin -- <command>`), against DATABASE_URL like the app:
 *   create-admin --email E --name N   create the first admin, or make an existing user an admin;
 *                                     the password comes from STOCKROOM_ADMIN_PASSWORD or standard input
 *   create-key --name N --scopes products:read,orders:read [--expires 2027-06-30]
 *                                     create an API key and print its secret (shown this once only)
 *   list-keys                         list API keys (prefix, name, scopes, last used; never secrets)
 *   revoke-key <id or prefix>         revoke an API key: its next request is refused
 * Each change is written to the audit trail as a SYSTEM action.
 */
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { z } from "zod";
import { apiKeyEnvironment, createApiKey } from "../../src/server/auth/api-keys";
import { emailSchema, hashPassword, newPasswordSchema } from "../../src/server/auth/passwords";
import { apiKeyScopeNames, isApiKeyScope } from "../../src/server/auth/permissions";
import { announceIdentityChange } from "../../src/server/auth/identity-cache";
import { revokeUserSessions } from "../../src/server/auth/sessions";
import { standaloneWork } from "../../src/server/db/unit-of-work";
import { closeRedis } from "../../src/server/redis";
import { writeAuditEvent, type AuditDescription } from "../../src/server/audit/audit";
import { loadServerConfig } from "../../src/server/config";
import { openDatabase, type Db } from "../../src/server/db/client";
import { ConfigError } from "../../src/server/config-error";
import type { CliIo } from "./cli";

class UsageError extends Error {}

export const adminUsage = `usage: npm run admin -- <create-admin | create-key | list-keys | revoke-key> [options]
  create-admin --email E --name N            (password from STOCKROOM_ADMIN_PASSWORD or standard input)
  create-key --name N --scopes a,b [--expires 2027-06-30]   scopes: ${apiKeyScopeNames.join(", ")}
  list-keys
  revoke-key <id or prefix>`;

const optionSpec = {
  email: { type: "string" },
  name: { type: "string" },
  scopes: { type: "string" },
  expires: { type: "string" },
} as const;

interface Invocation {
  command: string;
  values: { email?: string; name?: string; scopes?: string; expires?: string };
  positionals: string[];
  io: CliIo;
}

function required(call: Invocation, name: "email" | "name" | "scopes"): string {
  const value = call.values[name]?.trim();
  if (!value) throw new UsageError(`${call.command} needs --${name}`);
  return value;
}

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new UsageError(`${what}: ${result.error.issues[0]!.message}`);
  return result.data;
}

async function audit(db: Db, action: string, description: AuditDescription) {
  await writeAuditEvent(db, {
    actor: null,
    action: `cli.${action}`,
    outcome: "ALLOWED",
    requestId: `cli-${randomUUID()}`,
    client: { ip: null, userAgent: "stockroom-cli" },
    ...description,
  });
}

function readPassword(io: CliIo): string {
  const fromEnv = io.env.STOCKROOM_ADMIN_PASSWORD;
  if (fromEnv) return fromEnv;
  const piped = io.readStdin();
  if (piped === null)
    throw new UsageError(
      "give the password in STOCKROOM_ADMIN_PASSWORD or on standard input (it is never a flag: flags end up in shell history)",
    );
  return piped.split("\n")[0]!.trim();
}

async function createAdmin(db: Db, call: Invocation) {
  const email = parse(emailSchema, required(call, "email"), "--email");
  const name = required(call, "name");
  const passwordHash = await hashPassword(parse(newPasswordSchema, readPassword(call.io), "password"));
  const existing = await db.user.findUnique({ where: { email } });
  const user = await db.user.upsert({
    where: { email },
    create: { email, name, role: "ADMIN", passwordHash },
    update: { role: "ADMIN", active: true, passwordHash },
  });
  if (existing) await revokeUserSessions(standaloneWork(db), user.id);
  await audit(db, "createAdmin", { targetType: "User", targetId: user.id, diff: { role: [existing?.role ?? null, "ADMIN"] } });
  call.io.out(`${existing ? "made admin" : "created admin"}: ${user.email} (${user.id})`);
}

async function createKey(db: Db, call: Invocation) {
  const scopes = required(call, "scopes")
    .split(",")
    .map((s) => s.trim());
  const unknown = scopes.filter((s) => !isApiKeyScope(s));
  if (unknown.length) throw new UsageError(`unknown scope ${unknown.join(", ")}; choose from ${apiKeyScopeNames.join(", ")}`);
  let expiresAt: Date | null = null;
  if (call.values.expires) {
    expiresAt = new Date(call.values.expires);
    if (Number.isNaN(expiresAt.getTime()) || expiresAt.getTime() <= Date.now())
      throw new UsageError("--expires must be a future date, e.g. 2027-06-30");
  }
  const { key, secret } = await createApiKey(
    db,
    { name: required(call, "name"), scopes: scopes.filter(isApiKeyScope), expiresAt },
    apiKeyEnvironment(),
  );
  await audit(db, "createApiKey", { targetType: "ApiKey", targetId: key.id, diff: { name: [null, key.name], scopes: [null, key.scopes] } });
  call.io.err(
    `created API key ${key.prefix}… "${key.name}" (${key.id}) with scopes ${key.scopes.join(", ")}${expiresAt ? `, expires ${expiresAt.toISOString()}` : ""}`,
  );
  call.io.err("the secret follows; it is shown this once and cannot be recovered:");
  call.io.out(secret);
}

async function listKeys(db: Db, call: Invocation) {
  const keys = await db.apiKey.findMany({ orderBy: { createdAt: "desc" } });
  for (const k of keys) {
    const state = k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : k.expiresAt && k.expiresAt < new Date() ? "expired" : "active";
    call.io.out(
      [k.id, `${k.prefix}…`, JSON.stringify(k.name), k.scopes.join(","), state, `last used ${k.lastUsedAt?.toISOString() ?? "never"}`].join(
        "\t",
      ),
    );
  }
}

async function revokeKey(db: Db, call: Invocation) {
  const ref = call.positionals[0]?.trim();
  if (!ref) throw new UsageError("revoke-key needs the key's id or prefix");
  const matches = await db.apiKey.findMany({ where: { OR: [{ id: ref }, { prefix: ref.replace(/…$/, "") }] } });
  if (matches.length !== 1)
    throw new UsageError(matches.length ? `${ref} matches ${matches.length} keys: use the id` : `no API key ${ref}`);
  const key = matches[0]!;
  if (!key.revokedAt) {
    await db.apiKey.update({ where: { id: key.id }, data: { revokedAt: new Date() } });
    // Instances holding the key in memory forget it now (through Redis), not when their cache expires.
    announceIdentityChange(standaloneWork(db).unit, { apiKeyId: key.id });
    await audit(db, "revokeApiKey", { targetType: "ApiKey", targetId: key.id, diff: { revokedAt: [null, "now"] } });
  }
  call.io.out(`revoked ${key.prefix}… "${key.name}" (${key.id})`);
}

const commands: Record<string, (db: Db, call: Invocation) => Promise<void>> = {
  "create-admin": createAdmin,
  "create-key": createKey,
  "list-keys": listKeys,
  "revoke-key": revokeKey,
};

/**
 * Runs one admin command; returns the exit code (0 done, 1 refused or failed, 2 usage). `db`: an open
 * database to use instead of opening DATABASE_URL (tests; PGlite allows one opener per directory).
 */
export async function runAdmin(argv: string[], io: CliIo, options: { db?: Db } = {}): Promise<number> {
  const [command = "", ...rest] = argv;
  if (!command || command === "--help" || command === "help" || rest.includes("--help")) {
    io.out(adminUsage);
    return command ? 0 : 2;
  }
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; options: typeof optionSpec }>>;
  try {
    parsed = parseArgs({ args: rest, allowPositionals: true, options: optionSpec });
  } catch (error) {
    io.err(`error: ${(error as Error).message.split(". ")[0]}\n${adminUsage}`);
    return 2;
  }
  const run = commands[command];
  try {
    if (!run) throw new UsageError(`usage: npm run admin -- <${Object.keys(commands).join(" | ")}> (see scripts/lib/admin-cli.ts)`);
    const call: Invocation = { command, values: parsed.values, positionals: parsed.positionals, io };
    if (options.db) {
      await run(options.db, call);
      return 0;
    }
    const handle = openDatabase(loadServerConfig(io.env).database, { poolSize: 2 });
    try {
      await run(handle.db, call);
    } finally {
      await handle.close();
      // After any announcement: QUIT is sent behind the PUBLISH.
      await closeRedis();
    }
    return 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) io.err(`error: ${error.message}`);
    else io.err(String((error as Error)?.stack ?? error));
    return 1;
  }
}
