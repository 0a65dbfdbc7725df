/**
 * Integrators' API keys: `sk_live_` (production) or `sk_test_` followed by 32 random bytes in base64url.
 * Only a SHA-256 of the secret is stored (the secret has 256 bits of entropy, so a fast hash is enough
 * and lets the lookup be one indexed query).
 */
import { createHash, randomBytes } from "node:crypto";
import { LRUCache } from "lru-cache";
import type { DbClient } from "../db";
import { processSingleton } from "../process-singleton";
import { getIdentityCache } from "./identity-cache";
import { isApiKeyScope, type Actor, type ApiKeyScope } from "./permissions";

const keyPattern = /^sk_(live|test)_[A-Za-z0-9_-]{43}$/;
/** Characters of the secret kept in clear to recognise a key: "sk_live_" plus six. */
const PREFIX_LENGTH = 14;
/** `lastUsedAt` is written at most this often per key, not on every request. */
const LAST_USED_RESOLUTION_MS = 60_000;

export function generateApiKeySecret(environment: "live" | "test"): string {
  return `sk_${environment}_${randomBytes(32).toString("base64url")}`;
}

export function hashApiKeySecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export function apiKeyPrefix(secret: string): string {
  return secret.slice(0, PREFIX_LENGTH);
}

export function looksLikeApiKey(token: string): boolean {
  return keyPattern.test(token);
}

/** Why a presented credential was refused; each is a stable code for clients. */
export type CredentialProblem = "MALFORMED_AUTHORIZATION" | "INVALID_API_KEY" | "API_KEY_REVOKED" | "API_KEY_EXPIRED";

export const credentialProblemMessages: Record<CredentialProblem, string> = {
  MALFORMED_AUTHORIZATION: "The Authorization header must be `Bearer <API key>` with a key that starts with sk_live_ or sk_test_",
  INVALID_API_KEY: "This API key is not valid",
  API_KEY_REVOKED: "This API key has been revoked",
  API_KEY_EXPIRED: "This API key has expired",
};

/** Reads an Authorization header: absent, a well-formed bearer key, or malformed. */
export function parseAuthorization(header: string | null): { kind: "none" } | { kind: "apiKey"; secret: string } | { kind: "malformed" } {
  if (header === null) return { kind: "none" };
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header.trim());
  if (!match || !looksLikeApiKey(match[1]!)) return { kind: "malformed" };
  return { kind: "apiKey", secret: match[1]! };
}

export type ApiKeyActor = Extract<Actor, { type: "apiKey" }>;

/**
 * Hashes recently looked up and found in no row: a flood of made-up keys costs one query per distinct key
 * per half minute, not one per request. Nothing needs forgetting early: a hash only becomes a key's when we
 * generate that very secret, which no caller can have sent before.
 */
const unknownKeys = processSingleton<LRUCache<string, true>>("unknownApiKeys");
const UNKNOWN_KEY_MEMORY_MS = 30_000;

/**
 * The key's identity, or why it is refused. Marks the key used (at most once a minute). A valid key is
 * held in process between changes (./identity-cache.ts): no query per request; an unknown one is
 * remembered as unknown for half a minute; a revoked or expired one is looked up every time.
 */
export async function authenticateApiKey(
  db: DbClient,
  secret: string,
  now = new Date(),
): Promise<{ ok: true; actor: ApiKeyActor } | { ok: false; problem: CredentialProblem }> {
  const secretHash = hashApiKeySecret(secret);
  const unknown = unknownKeys.get(() => new LRUCache({ max: 10_000, ttl: UNKNOWN_KEY_MEMORY_MS }));
  if (unknown.has(secretHash)) return { ok: false, problem: "INVALID_API_KEY" };
  let problem: CredentialProblem | null = null;
  const key = await getIdentityCache().apiKey(secretHash, async () => {
    const row = await db.apiKey.findUnique({
      where: { secretHash },
      select: { id: true, name: true, scopes: true, expiresAt: true, revokedAt: true, lastUsedAt: true },
    });
    if (!row) problem = "INVALID_API_KEY";
    else if (row.revokedAt) problem = "API_KEY_REVOKED";
    return row && !row.revokedAt ? row : null;
  });
  if (!key) {
    if (problem === "INVALID_API_KEY") unknown.set(secretHash, true);
    return { ok: false, problem: problem ?? "INVALID_API_KEY" };
  }
  if (key.expiresAt && key.expiresAt.getTime() <= now.getTime()) return { ok: false, problem: "API_KEY_EXPIRED" };
  if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    await db.apiKey.updateMany({
      where: { id: key.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now.getTime() - LAST_USED_RESOLUTION_MS) } }] },
      data: { lastUsedAt: now },
    });
    // The held copy too, so that the next minute's requests do not write again.
    key.lastUsedAt = now;
  }
  return { ok: true, actor: { type: "apiKey", apiKeyId: key.id, name: key.name, scopes: key.scopes.filter(isApiKeyScope) } };
}

export interface NewApiKey {
  name: string;
  scopes: ApiKeyScope[];
  expiresAt?: Date | null;
  createdById?: string | null;
}

/** Creates a key; the returned secret exists nowhere else afterwards. */
export async function createApiKey(db: DbClient, input: NewApiKey, environment: "live" | "test") {
  const secret = generateApiKeySecret(environment);
  const key = await db.apiKey.create({
    data: {
      name: input.name,
      scopes: [...new Set(input.scopes)],
      expiresAt: input.expiresAt ?? null,
      createdById: input.createdById ?? null,
      prefix: apiKeyPrefix(secret),
      secretHash: hashApiKeySecret(secret),
    },
    select: apiKeySummarySelect,
  });
  return { key, secret };
}

export const apiKeySummarySelect = {
  id: true,
  name: true,
  prefix: true,
  scopes: true,
  createdAt: true,
  expiresAt: true,
  lastUsedAt: true,
  revokedAt: true,
  createdBy: { select: { id: true, email: true } },
} as const;

/** A key as selected by `apiKeySummarySelect`, with only the scopes this version knows. */
export function toApiKeySummary<T extends { scopes: string[] }>(key: T): T & { scopes: ApiKeyScope[] } {
  return { ...key, scopes: key.scopes.filter(isApiKeyScope) };
}

/** Keys made by a production server say so: `sk_live_`. */
export function apiKeyEnvironment(): "live" | "test" {
  return process.env.NODE_ENV === "production" ? "live" : "test";
}
