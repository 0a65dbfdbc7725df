import { TRPCError } from "@trpc/server";
import { expect } from "vitest";
import { createApiKey } from "../../src/server/auth/api-keys";
import type { ApiKeyScope, Actor } from "../../src/server/auth/permissions";
import { createSession } from "../../src/server/auth/sessions";
import { resetIdentityCache } from "../../src/server/auth/identity-cache";
import { getCatalogCache, resetCatalogCache } from "../../src/server/cache/catalog-cache";
import { resetServerConfig } from "../../src/server/config";
import { createInnerContext } from "../../src/server/context";
import { resetRateLimits } from "../../src/server/rate-limit";
import { closeRedis } from "../../src/server/redis";
import { getDatabase } from "../../src/server/db";
import { createCaller } from "../../src/server/routers/_app";

/**
 * A caller with a guest context on this file's database. Callers read through the process's catalog cache,
 * as HTTP requests do, so what a test changes in process its HTTP requests see, and the other way round.
 */
export function guestCaller() {
  return callerFor(null);
}

export type SeedUser = "admin" | "staff" | "customer" | "customer2";

/** A seeded user (see prisma/seed.ts) with a real session, as the web app would see them. */
export async function userActor(who: SeedUser | { email: string }): Promise<Extract<Actor, { type: "user" }>> {
  const { db } = getDatabase();
  const email = typeof who === "string" ? `${who}@stockroom.test` : who.email;
  const user = await db.user.findUniqueOrThrow({ where: { email } });
  const session = await createSession(db, user.id);
  return { type: "user", userId: user.id, email: user.email, name: user.name, role: user.role, sessionId: session.id };
}

/** A caller signed in as a seeded user. */
export async function userCaller(who: SeedUser | { email: string }) {
  return callerFor(await userActor(who));
}

/** A caller acting as `actor` (null: a guest). */
export function callerFor(actor: Actor | null) {
  return createCaller(createInnerContext({ db: getDatabase().db, actor, cache: getCatalogCache() }));
}

/** A real API key with these scopes: its secret, its row, its actor and a caller acting with it. */
export async function apiKey(scopes: ApiKeyScope[], name = `test key ${scopes.join(",") || "(none)"}`) {
  const { key, secret } = await createApiKey(getDatabase().db, { name, scopes }, "test");
  const actor: Actor = { type: "apiKey", apiKeyId: key.id, name: key.name, scopes };
  return { key, secret, actor, caller: callerFor(actor) };
}

/** Awaits a call that must fail with the given tRPC code; returns the error for more checks. */
export async function expectTrpcError(call: Promise<unknown>, code: TRPCError["code"], reason?: string): Promise<TRPCError> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, `expected ${code}`).toBeInstanceOf(TRPCError);
  expect((error as TRPCError).code).toBe(code);
  if (reason) expect(((error as TRPCError).cause as { reason?: string } | undefined)?.reason).toBe(reason);
  return error as TRPCError;
}

let sequence = 0;
/** A unique suffix for rows a test creates (SKUs, emails), so tests in one file never collide. */
export function unique(prefix: string): string {
  sequence += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${sequence}`;
}

/** A new customer with a session, and a caller acting as them. */
export async function newCustomer(name = "Test Customer") {
  const { db } = getDatabase();
  const user = await db.user.create({ data: { email: `${unique("customer").toLowerCase()}@stockroom.test`, name, role: "CUSTOMER" } });
  const actor = await userActor({ email: user.email });
  return { user, actor, caller: callerFor(actor) };
}

/** A new product created through the API by the seeded staff user, with `stock` units received. */
export async function newProduct(
  fields: { stock?: number; priceMinor?: number; currency?: string; name?: string; lowStockThreshold?: number } = {},
) {
  const staff = await userCaller("staff");
  return staff.products.create({
    sku: unique("T"),
    name: fields.name ?? unique("Test product"),
    priceMinor: fields.priceMinor ?? 1500,
    currency: fields.currency ?? "EUR",
    lowStockThreshold: fields.lowStockThreshold ?? 0,
    initialStock: fields.stock ?? 0,
  });
}

/** The stock ledger's sum for a product, straight from the database. */
export async function ledgerSum(productId: string): Promise<number> {
  const { _sum } = await getDatabase().db.stockMovement.aggregate({ where: { productId }, _sum: { delta: true } });
  return _sum.delta ?? 0;
}

/** The input fields a BAD_REQUEST named (zod's issue paths, dotted). */
export function invalidFields(error: TRPCError): string[] {
  const issues = (error.cause as unknown as { issues?: { path: PropertyKey[] }[] }).issues ?? [];
  return issues.map((issue) => issue.path.map(String).join("."));
}

/**
 * Runs `work` with these environment variables (undefined: unset), with the process's settings, rate limits
 * and cache read afresh, and restores everything afterwards.
 */
export async function withEnv<T>(vars: Record<string, string | undefined>, work: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((name) => [name, process.env[name]]));
  const apply = async (values: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    resetServerConfig();
    resetRateLimits();
    resetCatalogCache();
    await resetIdentityCache();
    await closeRedis();
  };
  await apply(vars);
  try {
    return await work();
  } finally {
    await apply(saved);
  }
}
