import { describe, expect, it, vi } from "vitest";
import { DEMO_PASSWORD } from "../../prisma/seed";
import { authenticateApiKey, hashApiKeySecret } from "../../src/server/auth/api-keys";
import { resolveOAuthUser } from "../../src/server/auth/oauth";
import { hashPassword } from "../../src/server/auth/passwords";
import { actorForSession, createSession } from "../../src/server/auth/sessions";
import { signInWithPassword } from "../../src/server/auth/sign-in";
import { loadServerConfig } from "../../src/server/config";
import { createInnerContext } from "../../src/server/context";
import { RateLimits } from "../../src/server/rate-limit";
import { getDatabase } from "../../src/server/db";
import { createCallerFactory, permissionProcedure, router } from "../../src/server/trpc";
import { apiKey, callerFor, expectTrpcError, guestCaller, userActor, userCaller } from "./helpers";

/** Limits as configured by `env`, counted in this process only. */
const memoryLimits = (env: Record<string, string> = {}) =>
  new RateLimits({ settings: loadServerConfig({ ...process.env, ...env }).rateLimits, redis: null });

const unique = () => `${Date.now()}-${Math.random().toString(36).slice(2, 7)}`;

describe("auth.signUp", () => {
  it("creates a customer with a normalised email and an argon2id hash, never returning it", async () => {
    const email = `New.Person+${unique()}@Example.TEST`;
    const user = await guestCaller().auth.signUp({ email: `  ${email} `, password: "long enough pass", name: " New Person " });
    expect(user).toEqual({ id: expect.any(String), email: email.toLowerCase(), name: "New Person" });
    const row = await getDatabase().db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.role).toBe("CUSTOMER");
    expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row.passwordHash).not.toContain("long enough pass");
  });

  it("refuses a short password with a clear message on the field", async () => {
    const error = await expectTrpcError(
      guestCaller().auth.signUp({ email: `a${unique()}@example.test`, password: "short", name: "A" }),
      "BAD_REQUEST",
    );
    expect(error.message).toContain("at least 10 characters");
  });

  it("refuses an email that exists in another case with CONFLICT on `email`", async () => {
    await expectTrpcError(
      guestCaller().auth.signUp({ email: "CUSTOMER@stockroom.test", password: "long enough pass", name: "Dup" }),
      "CONFLICT",
      "EMAIL_TAKEN",
    );
  });
});

describe("signInWithPassword", () => {
  const db = () => getDatabase().db;

  it("accepts the right password and answers a wrong password and an unknown email alike", async () => {
    const limiters = memoryLimits();
    const ok = await signInWithPassword(db(), { email: "Staff@Stockroom.test ", password: DEMO_PASSWORD, ip: "192.0.2.1" }, limiters);
    expect(ok).toMatchObject({ ok: true, user: { email: "staff@stockroom.test" } });
    const wrong = await signInWithPassword(db(), { email: "staff@stockroom.test", password: "wrong password", ip: "192.0.2.2" }, limiters);
    const unknown = await signInWithPassword(
      db(),
      { email: "ghost@stockroom.test", password: "wrong password", ip: "192.0.2.3" },
      limiters,
    );
    expect(wrong).toEqual({ ok: false, problem: "INVALID_CREDENTIALS" });
    expect(unknown).toEqual(wrong);
  });

  it("spends comparable time on an unknown email and a wrong password (both verify one argon2id hash)", async () => {
    const limiters = memoryLimits();
    const time = async (email: string, i: number) => {
      const started = performance.now();
      await signInWithPassword(db(), { email, password: "wrong password", ip: `192.0.2.${10 + i}` }, limiters);
      return performance.now() - started;
    };
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 5; i++) {
      known.push(await time("staff@stockroom.test", i));
      unknown.push(await time("nobody-here@stockroom.test", i));
    }
    // A skipped hash would make the unknown email ~100x faster; allow generous noise either way.
    expect(median(unknown)).toBeGreaterThan(median(known) / 3);
  });

  it("limits attempts per IP and email (5 a minute), whatever the password", async () => {
    const limiters = memoryLimits();
    const attempt = () => signInWithPassword(db(), { email: "customer@stockroom.test", password: "guess", ip: "203.0.113.9" }, limiters);
    for (let i = 0; i < 5; i++) expect((await attempt()).ok).toBe(false);
    const limited = await signInWithPassword(
      db(),
      { email: "customer@stockroom.test", password: DEMO_PASSWORD, ip: "203.0.113.9" },
      limiters,
    );
    expect(limited).toMatchObject({ ok: false, problem: "RATE_LIMITED" });
    // Another address is not affected.
    expect(
      (await signInWithPassword(db(), { email: "customer@stockroom.test", password: DEMO_PASSWORD, ip: "203.0.113.10" }, limiters)).ok,
    ).toBe(true);
  });

  it("takes its limits from the configuration", async () => {
    const limiters = memoryLimits({ RATE_LIMIT_SIGN_IN: "2/1m" });
    const attempt = () =>
      signInWithPassword(db(), { email: "staff@stockroom.test", password: DEMO_PASSWORD, ip: "203.0.113.20" }, limiters);
    expect((await attempt()).ok).toBe(true);
    expect((await attempt()).ok).toBe(true);
    expect(await attempt()).toMatchObject({ ok: false, problem: "RATE_LIMITED" });
    expect(() => loadServerConfig({ ...process.env, RATE_LIMIT_SIGN_IN_ADDRESS: "0/1m" })).toThrow(
      /^RATE_LIMIT_SIGN_IN_ADDRESS: use <count>\/<window>/,
    );
  });

  it("tells a deactivated user so only after the right password", async () => {
    const email = `off-${unique()}@example.test`;
    await db().user.create({ data: { email, name: "Off", passwordHash: await hashPassword("long enough pass"), active: false } });
    const limiters = memoryLimits();
    expect(await signInWithPassword(db(), { email, password: "nope nope nope", ip: null }, limiters)).toMatchObject({
      problem: "INVALID_CREDENTIALS",
    });
    expect(await signInWithPassword(db(), { email, password: "long enough pass", ip: null }, limiters)).toMatchObject({
      problem: "ACCOUNT_DISABLED",
    });
  });
});

describe("sessions", () => {
  it("stop identifying anyone once expired", async () => {
    const { db } = getDatabase();
    const user = await db.user.findUniqueOrThrow({ where: { email: "customer@stockroom.test" } });
    const session = await createSession(db, user.id);
    const expiresAt = Date.now() + 60_000;
    await db.session.update({ where: { id: session.id }, data: { expiresAt: new Date(expiresAt) } });
    expect(await actorForSession(db, session.id)).toMatchObject({ userId: user.id, role: "CUSTOMER" });
    // The clock moves past its expiry (a copy held in memory expires with the session).
    vi.useFakeTimers({ toFake: ["Date"], now: expiresAt });
    try {
      expect(await actorForSession(db, session.id)).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("me", () => {
  it("returns the caller's own profile, and lets them rename themselves", async () => {
    const caller = await userCaller("customer2");
    expect(await caller.me.get()).toMatchObject({ type: "user", email: "customer2@stockroom.test", role: "CUSTOMER" });
    expect(await caller.me.updateProfile({ name: "Casey C." })).toMatchObject({ name: "Casey C." });
  });

  it("refuses a password change with the wrong current password, on that field", async () => {
    const error = await expectTrpcError(
      (await userCaller("customer2")).me.changePassword({ currentPassword: "wrong", newPassword: "another long pass" }),
      "BAD_REQUEST",
      "WRONG_PASSWORD",
    );
    expect(error.message).toContain("current password");
  });
});

describe("admin.users", () => {
  async function newUser(role: "ADMIN" | "STAFF" | "CUSTOMER" = "CUSTOMER") {
    return getDatabase().db.user.create({ data: { email: `u-${unique()}@example.test`, name: "Someone", role } });
  }

  it("lists users by email with filters and a cursor", async () => {
    const admin = await userCaller("admin");
    const staff = await admin.admin.users.list({ role: "STAFF" });
    expect(staff.items.every((u) => u.role === "STAFF")).toBe(true);
    expect(staff.items.map((u) => u.email)).toContain("staff@stockroom.test");
    const found = await admin.admin.users.list({ search: "casey" });
    expect(found.items.map((u) => u.email)).toEqual(["customer2@stockroom.test"]);
    const seen: string[] = [];
    let cursor: string | null | undefined;
    do {
      const page = await admin.admin.users.list({ limit: 2, cursor });
      seen.push(...page.items.map((u) => u.email));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...seen].sort());
    expect(new Set(seen).size).toBe(await getDatabase().db.user.count());
  });

  it("changes a role, and refuses to demote or deactivate the last active admin", async () => {
    const { db } = getDatabase();
    const admins = await db.user.findMany({ where: { role: "ADMIN", active: true } });
    expect(admins).toHaveLength(1);
    const admin = await userCaller("admin");
    await expectTrpcError(admin.admin.users.setRole({ userId: admins[0]!.id, role: "STAFF" }), "CONFLICT", "LAST_ADMIN");
    await expectTrpcError(admin.admin.users.setActive({ userId: admins[0]!.id, active: false }), "CONFLICT", "LAST_ADMIN");
    expect(await db.user.findUniqueOrThrow({ where: { id: admins[0]!.id } })).toMatchObject({ role: "ADMIN", active: true });

    const second = await newUser();
    expect(await admin.admin.users.setRole({ userId: second.id, role: "ADMIN" })).toMatchObject({ role: "ADMIN" });
    expect(await admin.admin.users.setRole({ userId: second.id, role: "CUSTOMER" })).toMatchObject({ role: "CUSTOMER" });
    await expectTrpcError(admin.admin.users.setRole({ userId: "no-such-user", role: "STAFF" }), "NOT_FOUND");
  });

  it("never leaves zero admins when two admins demote each other at the same moment", async () => {
    const a = await newUser("ADMIN");
    const b = await newUser("ADMIN");
    const { db } = getDatabase();
    // Demote the seeded admin first, so a and b are the only two.
    const seeded = await db.user.findUniqueOrThrow({ where: { email: "admin@stockroom.test" } });
    const asA = callerFor(await userActor({ email: a.email }));
    const asB = callerFor(await userActor({ email: b.email }));
    await asA.admin.users.setRole({ userId: seeded.id, role: "STAFF" });
    const results = await Promise.allSettled([
      asA.admin.users.setRole({ userId: b.id, role: "STAFF" }),
      asB.admin.users.setRole({ userId: a.id, role: "STAFF" }),
    ]);
    expect(await db.user.count({ where: { role: "ADMIN", active: true } })).toBeGreaterThanOrEqual(1);
    expect(results.filter((r) => r.status === "fulfilled").length).toBeLessThanOrEqual(1);
    // Put the seeded admin back for the other tests in this file.
    const survivor = results[0].status === "fulfilled" ? a : b;
    await callerFor(await userActor({ email: survivor.email })).admin.users.setRole({ userId: seeded.id, role: "ADMIN" });
  });
});

describe("admin.apiKeys", () => {
  it("shows the secret once, stores only its hash, and lists keys by prefix", async () => {
    const admin = await userCaller("admin");
    const created = await admin.admin.apiKeys.create({ name: "Fulfilment", scopes: ["orders:read", "orders:write", "orders:read"] });
    expect(created.secret).toMatch(/^sk_test_[A-Za-z0-9_-]{43}$/);
    expect(created.key).toMatchObject({ name: "Fulfilment", prefix: created.secret.slice(0, 14), scopes: ["orders:read", "orders:write"] });
    const row = await getDatabase().db.apiKey.findUniqueOrThrow({ where: { id: created.key.id } });
    expect(JSON.stringify(row)).not.toContain(created.secret);
    expect(row.secretHash).toBe(hashApiKeySecret(created.secret));
    const listed = await admin.admin.apiKeys.list();
    const entry = listed.items.find((k) => k.id === created.key.id)!;
    expect(entry).toMatchObject({ prefix: created.key.prefix, createdBy: { email: "admin@stockroom.test" }, revokedAt: null });
    expect(JSON.stringify(listed)).not.toContain(created.secret);
  });

  it("refuses unknown scopes, no scopes and a past expiry with field errors", async () => {
    const admin = await userCaller("admin");
    await expectTrpcError(admin.admin.apiKeys.create({ name: "x", scopes: ["everything" as never] }), "BAD_REQUEST");
    await expectTrpcError(admin.admin.apiKeys.create({ name: "x", scopes: [] }), "BAD_REQUEST");
    await expectTrpcError(
      admin.admin.apiKeys.create({ name: "x", scopes: ["orders:read"], expiresAt: new Date(Date.now() - 1) }),
      "BAD_REQUEST",
    );
  });

  it("stop working once expired or revoked, and record when they were last used", async () => {
    const { db } = getDatabase();
    const admin = await userCaller("admin");
    const created = await admin.admin.apiKeys.create({
      name: "Short-lived",
      scopes: ["products:read"],
      expiresAt: new Date(Date.now() + 60_000),
    });
    const ok = await authenticateApiKey(db, created.secret);
    expect(ok).toMatchObject({ ok: true, actor: { type: "apiKey", scopes: ["products:read"] } });
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: created.key.id } })).lastUsedAt).not.toBeNull();
    expect(await authenticateApiKey(db, created.secret, new Date(Date.now() + 120_000))).toEqual({ ok: false, problem: "API_KEY_EXPIRED" });
    await admin.admin.apiKeys.revoke({ id: created.key.id });
    expect(await authenticateApiKey(db, created.secret)).toEqual({ ok: false, problem: "API_KEY_REVOKED" });
    expect((await admin.admin.apiKeys.list()).items.map((k) => k.id)).not.toContain(created.key.id);
    expect((await admin.admin.apiKeys.list({ includeRevoked: true })).items.map((k) => k.id)).toContain(created.key.id);
  });
});

describe("the audit trail", () => {
  const latest = (where: object = {}) => getDatabase().db.auditEvent.findFirst({ where, orderBy: { id: "desc" } });

  it("records an admin's change with a diff, in the change's transaction", async () => {
    const { db } = getDatabase();
    const target = await db.user.create({ data: { email: `t-${unique()}@example.test`, name: "Target" } });
    const admin = await userActor("admin");
    await callerFor(admin).admin.users.setRole({ userId: target.id, role: "STAFF" });
    expect(await latest({ action: "admin.users.setRole" })).toMatchObject({
      actorType: "USER",
      actorId: admin.userId,
      targetType: "User",
      targetId: target.id,
      outcome: "ALLOWED",
      diff: { role: ["CUSTOMER", "STAFF"] },
    });
  });

  it("leaves no ALLOWED entry for a change that rolled back, and records it FAILED", async () => {
    const { db } = getDatabase();
    const product = await db.product.findFirstOrThrow({ where: { active: true } });
    // A mutation that writes, describes itself, then fails: nothing of it may remain but the FAILED entry.
    const testRouter = router({
      breakAfterWriting: permissionProcedure("product:write").mutation(async ({ ctx }) => {
        await ctx.db.product.update({ where: { id: product.id }, data: { stock: 999_999 } });
        ctx.audit.describe({ targetType: "Product", targetId: product.id, diff: { stock: [product.stock, 999_999] } });
        throw new Error("something broke after the write");
      }),
    });
    const staff = await userActor("staff");
    const caller = createCallerFactory(testRouter)(createInnerContext({ db, actor: staff, requestId: `rollback-${unique()}` }));
    await expectTrpcError(caller.breakAfterWriting(), "INTERNAL_SERVER_ERROR");
    expect((await db.product.findUniqueOrThrow({ where: { id: product.id } })).stock).toBe(product.stock);
    const entries = await db.auditEvent.findMany({ where: { action: "breakAfterWriting" } });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ outcome: "FAILED", reason: "INTERNAL_SERVER_ERROR", actorId: staff.userId, targetId: product.id });
  });

  it("records API keys' changes and denials, not customers' own profile edits, but always password changes", async () => {
    const key = await apiKey(["orders:read"]);
    await expectTrpcError(key.caller.admin.apiKeys.create({ name: "escalate", scopes: ["products:write"] }), "FORBIDDEN");
    expect(await latest()).toMatchObject({ actorType: "API_KEY", actorId: key.key.id, outcome: "DENIED", action: "admin.apiKeys.create" });

    const { db } = getDatabase();
    const email = `c-${unique()}@example.test`;
    const user = await guestCaller().auth.signUp({ email, password: "long enough pass", name: "C" });
    const customer = callerFor(await userActor({ email }));
    const before = await db.auditEvent.count();
    await customer.me.updateProfile({ name: "C2" });
    expect(await db.auditEvent.count()).toBe(before);
    await customer.me.changePassword({ currentPassword: "long enough pass", newPassword: "even longer pass" });
    expect(await latest()).toMatchObject({
      action: "me.changePassword",
      targetId: user.id,
      outcome: "ALLOWED",
      diff: { password: ["(hidden)", "(changed)"] },
    });
    expect(JSON.stringify({ ...(await latest()), id: null })).not.toContain("even longer pass");
  });

  it("cannot be edited or deleted, even with direct SQL", async () => {
    const { db } = getDatabase();
    const entry = (await latest())!;
    await expect(db.$executeRaw`UPDATE "AuditEvent" SET "action" = 'tampered' WHERE "id" = ${entry.id}`).rejects.toThrow(/append-only/);
    await expect(db.$executeRaw`DELETE FROM "AuditEvent" WHERE "id" = ${entry.id}`).rejects.toThrow(/append-only/);
    expect((await latest({ id: entry.id }))!.action).toBe(entry.action);
  });

  it("is paged newest first, with filters on actor, action, target, outcome and time", async () => {
    const admin = await userCaller("admin");
    const all = await admin.admin.audit.list({ limit: 100 });
    const ids = all.items.map((e) => BigInt(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0)));
    const firstPage = await admin.admin.audit.list({ limit: 2 });
    const secondPage = await admin.admin.audit.list({ limit: 2, cursor: firstPage.nextCursor });
    expect(secondPage.items[0]!.id).toBe(all.items[2]!.id);
    const denied = await admin.admin.audit.list({ outcome: "DENIED" });
    expect(denied.items.length).toBeGreaterThan(0);
    expect(denied.items.every((e) => e.outcome === "DENIED")).toBe(true);
    const adminActions = await admin.admin.audit.list({ action: "admin." });
    expect(adminActions.items.every((e) => e.action.startsWith("admin."))).toBe(true);
    const future = await admin.admin.audit.list({ from: new Date(Date.now() + 60_000).toISOString() });
    expect(future.items).toEqual([]);
    const one = all.items.find((e) => e.targetId)!;
    const byTarget = await admin.admin.audit.list({ targetType: one.targetType!, targetId: one.targetId! });
    expect(byTarget.items.every((e) => e.targetId === one.targetId)).toBe(true);
    await expectTrpcError(admin.admin.audit.list({ cursor: "garbage" }), "BAD_REQUEST");
  });
});

describe("OAuth sign-in (GitHub, Google): which user an identity belongs to", () => {
  const identity = (providerAccountId: string, email: string | null, emailVerified = true) => ({
    provider: "github",
    providerAccountId,
    email,
    emailVerified,
    name: "  Octo Cat  ",
  });

  it("a new address is a new customer, linked, and the same identity finds them again", async () => {
    const { db } = getDatabase();
    const id = `gh-${unique()}`;
    const email = `Octo-${unique()}@Example.TEST`;
    const user = await resolveOAuthUser(db, identity(id, email));
    const row = await db.user.findUniqueOrThrow({ where: { id: user!.id }, include: { accounts: true } });
    expect(row).toMatchObject({ email: email.toLowerCase(), name: "Octo Cat", role: "CUSTOMER", passwordHash: null });
    expect(row.accounts.map((a) => [a.provider, a.providerAccountId])).toEqual([["github", id]]);
    // Found by the link, even once the provider reports another address.
    expect(await resolveOAuthUser(db, identity(id, `changed-${unique()}@example.test`))).toEqual({ id: user!.id });
    expect(await db.account.count({ where: { userId: user!.id } })).toBe(1);
  });

  it("a verified address of an existing account links to it, keeping its role; an unverified one is refused and links nothing", async () => {
    const { db } = getDatabase();
    const staff = await db.user.findUniqueOrThrow({ where: { email: "staff@stockroom.test" } });
    const unverified = `gh-${unique()}`;
    expect(await resolveOAuthUser(db, identity(unverified, "STAFF@stockroom.test", false))).toBeNull();
    expect(await db.account.count({ where: { providerAccountId: unverified } })).toBe(0);
    const verified = `gh-${unique()}`;
    expect(await resolveOAuthUser(db, identity(verified, "STAFF@stockroom.test"))).toEqual({ id: staff.id });
    expect((await db.user.findUniqueOrThrow({ where: { id: staff.id } })).role).toBe("STAFF");
    expect(await db.account.findFirst({ where: { providerAccountId: verified } })).toMatchObject({ userId: staff.id });
  });

  it("refuses an identity with no address, and a deactivated user whether linked or matched by address", async () => {
    const { db } = getDatabase();
    expect(await resolveOAuthUser(db, identity(`gh-${unique()}`, null))).toBeNull();
    const id = `gh-${unique()}`;
    const email = `leaving-${unique()}@example.test`;
    const user = await resolveOAuthUser(db, identity(id, email));
    await db.user.update({ where: { id: user!.id }, data: { active: false } });
    expect(await resolveOAuthUser(db, identity(id, email))).toBeNull();
    expect(await resolveOAuthUser(db, identity(`gh-${unique()}`, email))).toBeNull();
    expect(await db.account.count({ where: { userId: user!.id } })).toBe(1);
  });
});
