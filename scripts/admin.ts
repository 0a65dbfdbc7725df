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
import { existsSync, readFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { z } from "zod";
import { apiKeyEnvironment, createApiKey } from "../src/server/auth/api-keys";
import { emailSchema, hashPassword, newPasswordSchema } from "../src/server/auth/passwords";
import { apiKeyScopeNames, isApiKeyScope } from "../src/server/auth/permissions";
import { announceIdentityChange } from "../src/server/auth/identity-cache";
import { revokeUserSessions } from "../src/server/auth/sessions";
import { closeRedis } from "../src/server/redis";
import { writeAuditEvent, type AuditDescription } from "../src/server/audit/audit";
import { loadServerConfig } from "../src/server/config";
import { openDatabase, type Db } from "../src/server/db/client";
import { ConfigError } from "../src/server/db/target";

if (existsSync(".env")) process.loadEnvFile(".env");

class UsageError extends Error {}

const usage = `usage: npm run admin -- <create-admin | create-key | list-keys | revoke-key> [options]
  create-admin --email E --name N            (password from STOCKROOM_ADMIN_PASSWORD or standard input)
  create-key --name N --scopes a,b [--expires 2027-06-30]   scopes: ${apiKeyScopeNames.join(", ")}
  list-keys
  revoke-key <id or prefix>`;

const [command, ...rest] = process.argv.slice(2);
if (!command || command === "--help" || command === "help" || rest.includes("--help")) {
  console.log(usage);
  process.exit(command ? 0 : 2);
}
function parseOptions() {
  try {
    return parseArgs({
      args: rest,
      allowPositionals: true,
      options: { email: { type: "string" }, name: { type: "string" }, scopes: { type: "string" }, expires: { type: "string" } },
    });
  } catch (error) {
    console.error(`error: ${(error as Error).message.split(". ")[0]}\n${usage}`);
    process.exit(2);
  }
}
const { values, positionals } = parseOptions();

function required(name: "email" | "name" | "scopes"): string {
  const value = values[name]?.trim();
  if (!value) throw new UsageError(`${command} needs --${name}`);
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

function readPassword(): string {
  const fromEnv = process.env.STOCKROOM_ADMIN_PASSWORD;
  if (fromEnv) return fromEnv;
  if (process.stdin.isTTY) throw new UsageError("give the password in STOCKROOM_ADMIN_PASSWORD or on standard input (it is never a flag: flags end up in shell history)");
  return readFileSync(0, "utf8").split("\n")[0]!.trim();
}

async function createAdmin(db: Db) {
  const email = parse(emailSchema, required("email"), "--email");
  const name = required("name");
  const passwordHash = await hashPassword(parse(newPasswordSchema, readPassword(), "password"));
  const existing = await db.user.findUnique({ where: { email } });
  const user = await db.user.upsert({
    where: { email },
    create: { email, name, role: "ADMIN", passwordHash },
    update: { role: "ADMIN", active: true, passwordHash },
  });
  if (existing) await revokeUserSessions(db, user.id);
  await audit(db, "createAdmin", { targetType: "User", targetId: user.id, diff: { role: [existing?.role ?? null, "ADMIN"] } });
  console.log(`${existing ? "made admin" : "created admin"}: ${user.email} (${user.id})`);
}

async function createKey(db: Db) {
  const scopes = required("scopes").split(",").map((s) => s.trim());
  const unknown = scopes.filter((s) => !isApiKeyScope(s));
  if (unknown.length) throw new UsageError(`unknown scope ${unknown.join(", ")}; choose from ${apiKeyScopeNames.join(", ")}`);
  let expiresAt: Date | null = null;
  if (values.expires) {
    expiresAt = new Date(values.expires);
    if (Number.isNaN(expiresAt.getTime()) || expiresAt.getTime() <= Date.now()) throw new UsageError("--expires must be a future date, e.g. 2027-06-30");
  }
  const { key, secret } = await createApiKey(db, { name: required("name"), scopes: scopes.filter(isApiKeyScope), expiresAt }, apiKeyEnvironment());
  await audit(db, "createApiKey", { targetType: "ApiKey", targetId: key.id, diff: { name: [null, key.name], scopes: [null, key.scopes] } });
  console.error(`created API key ${key.prefix}… "${key.name}" (${key.id}) with scopes ${key.scopes.join(", ")}${expiresAt ? `, expires ${expiresAt.toISOString()}` : ""}`);
  console.error("the secret follows; it is shown this once and cannot be recovered:");
  console.log(secret);
}

async function listKeys(db: Db) {
  const keys = await db.apiKey.findMany({ orderBy: { createdAt: "desc" } });
  for (const k of keys) {
    const state = k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : k.expiresAt && k.expiresAt < new Date() ? "expired" : "active";
    console.log([k.id, `${k.prefix}…`, JSON.stringify(k.name), k.scopes.join(","), state, `last used ${k.lastUsedAt?.toISOString() ?? "never"}`].join("\t"));
  }
}

async function revokeKey(db: Db) {
  const ref = positionals[0]?.trim();
  if (!ref) throw new UsageError("revoke-key needs the key's id or prefix");
  const matches = await db.apiKey.findMany({ where: { OR: [{ id: ref }, { prefix: ref.replace(/…$/, "") }] } });
  if (matches.length !== 1) throw new UsageError(matches.length ? `${ref} matches ${matches.length} keys: use the id` : `no API key ${ref}`);
  const key = matches[0]!;
  if (!key.revokedAt) {
    await db.apiKey.update({ where: { id: key.id }, data: { revokedAt: new Date() } });
    // Instances holding the key in memory forget it now (through Redis), not when their cache expires.
    announceIdentityChange({ apiKeyId: key.id });
    await audit(db, "revokeApiKey", { targetType: "ApiKey", targetId: key.id, diff: { revokedAt: [null, "now"] } });
  }
  console.log(`revoked ${key.prefix}… "${key.name}" (${key.id})`);
}

const commands: Record<string, (db: Db) => Promise<void>> = {
  "create-admin": createAdmin,
  "create-key": createKey,
  "list-keys": listKeys,
  "revoke-key": revokeKey,
};

async function main() {
  const run = command ? commands[command] : undefined;
  if (!run) throw new UsageError(`usage: npm run admin -- <${Object.keys(commands).join(" | ")}> (see scripts/admin.ts)`);
  const handle = openDatabase(loadServerConfig().database, { poolSize: 2 });
  try {
    await run(handle.db);
  } finally {
    await handle.close();
    // After any announcement: QUIT is sent behind the PUBLISH.
    await closeRedis();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    if (error instanceof UsageError || error instanceof ConfigError) console.error(`error: ${error.message}`);
    else console.error(error);
    process.exit(1);
  },
);
