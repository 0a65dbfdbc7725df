import { TRPCError } from "@trpc/server";
import { expect } from "vitest";
import { createApiKey } from "../../src/server/auth/api-keys";
import type { ApiKeyScope, Actor } from "../../src/server/auth/permissions";
import { createSession } from "../../src/server/auth/sessions";
import { createInnerContext } from "../../src/server/context";
import { getDatabase } from "../../src/server/db";
import { createCaller } from "../../src/server/routers/_app";

/** A caller with a guest context on this file's database. */
export function guestCaller() {
  return createCaller(createInnerContext({ db: getDatabase().db }));
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
  return createCaller(createInnerContext({ db: getDatabase().db, actor }));
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
