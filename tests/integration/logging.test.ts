/**
 * The log output as an operator reads it: one JSON line per request (id, route, procedure, status,
 * duration, actor), errors with their stack, slow queries, and never a secret or personal data, whatever
 * path it took (a password in a body, an API key, a session cookie, an Authorization header).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as trpcGet } from "../../src/app/api/trpc/[trpc]/route";
import { createInnerContext } from "../../src/server/context";
import { getDatabase } from "../../src/server/db";
import { setLogger } from "../../src/server/logger";
import { z } from "zod";
import { authenticatedProcedure, createCallerFactory, publicProcedure, router } from "../../src/server/trpc";
import { captureLogs } from "../setup/logs";
import { apiKey, userActor, withEnv } from "./helpers";
import { origin, sessionCookie, signedIn, trpcMutation } from "./http-session";
import { rest } from "./rest-request";

const logs = captureLogs("debug");
beforeAll(() => setLogger(logs.logger));
afterAll(() => setLogger(undefined));

const password = "correct horse battery staple 42";
const email = `logged-${Date.now()}@example.test`;

describe("logs", () => {
  let requestLines: Record<string, unknown>[] = [];
  let secrets: string[] = [];

  beforeAll(async () => {
    const before = logs.lines().length;
    const signUp = await trpcMutation("auth.signUp", { email, password, name: "Logged Person" }, { "x-request-id": "log-test-signup" });
    expect(signUp.status).toBe(200);
    const jar = await signedIn(email, password);
    const cookie = jar.header();
    const me = await trpcGet(new Request(`${origin}/api/trpc/me.get`, { headers: { cookie, "x-request-id": "log-test-me" } }));
    expect(me.status).toBe(200);
    const key = await apiKey(["products:read"]);
    expect((await rest("GET", "/products?limit=1", { key: key.secret, headers: { "x-request-id": "log-test-rest" } })).status).toBe(200);
    const forged = "sk_live_" + "Z".repeat(43);
    expect((await rest("GET", "/products?limit=1", { key: forged, headers: { "x-request-id": "log-test-forged" } })).status).toBe(401);
    secrets = [password, key.secret, forged, jar.cookies.get(sessionCookie)!, email];
    requestLines = logs
      .lines()
      .slice(before)
      .filter((l) => l.msg === "request");
  });

  it("never contain a password, an API key, a session cookie or an email address", () => {
    const text = logs.text();
    expect(text.length).toBeGreaterThan(0);
    for (const secret of secrets) expect(text).not.toContain(secret);
    // Nor a fragment long enough to be useful.
    for (const secret of secrets.slice(0, 4)) expect(text).not.toContain(secret.slice(-20));
  });

  it("have one line per request with its id, route, procedure, status, duration and actor", async () => {
    const byId = (id: string) => requestLines.filter((l) => l.requestId === id);
    expect(byId("log-test-signup")).toEqual([
      expect.objectContaining({
        level: "info",
        method: "POST",
        route: "/api/trpc",
        procedure: "auth.signUp",
        status: 200,
        durationMs: expect.any(Number),
      }),
    ]);
    const user = await getDatabase().db.user.findUniqueOrThrow({ where: { email } });
    expect(byId("log-test-me")).toEqual([
      expect.objectContaining({ route: "/api/trpc", procedure: "me.get", status: 200, actor: `user:${user.id}` }),
    ]);
    expect(byId("log-test-rest")).toEqual([
      expect.objectContaining({
        method: "GET",
        route: "/api/v1/products",
        procedure: "products.list",
        status: 200,
        actor: expect.stringMatching(/^apiKey:/),
      }),
    ]);
    expect(byId("log-test-forged")).toEqual([expect.objectContaining({ route: "/api/v1/products", status: 401 })]);
    // Sign-in through Auth.js is a request too, named by its action.
    expect(requestLines.some((l) => l.route === "/api/auth/callback/credentials" && l.status === 302)).toBe(true);
    for (const line of requestLines)
      expect(line).toMatchObject({ time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), requestId: expect.any(String) });
  });

  it("write a server fault with its stack and the request id, and the client gets neither", async () => {
    const t = router({
      broken: publicProcedure.query(() => {
        throw new Error("the disk is on fire");
      }),
    });
    const caller = createCallerFactory(t)(createInnerContext({ db: getDatabase().db, logger: logs.logger, requestId: "log-test-fault" }));
    const error = await caller.broken().catch((e: Error) => e);
    expect(error.message).toBe("the disk is on fire");
    const line = logs.lines().find((l) => l.requestId === "log-test-fault" && l.msg === "trpc call failed")!;
    expect(line).toMatchObject({
      level: "error",
      path: "broken",
      error: { message: "the disk is on fire", stack: expect.stringContaining("logging.test.ts") },
    });
  });

  it("name an effect that failed after its mutation committed, and the mutation still succeeds with its other effects run", async () => {
    const ran: string[] = [];
    const t = router({
      rename: authenticatedProcedure.input(z.object({ id: z.string() })).mutation(async ({ ctx, input }) => {
        const user = await ctx.db.user.update({ where: { id: input.id }, data: { name: "Renamed After Commit" }, select: { id: true } });
        ctx.unit.afterCommit(() => {
          throw new Error("the notifier is down");
        });
        ctx.unit.afterCommit(() => ran.push("second effect"));
        return user;
      }),
    });
    const { db } = getDatabase();
    const customer = await db.user.findUniqueOrThrow({ where: { email: "customer2@stockroom.test" } });
    const caller = createCallerFactory(t)(
      createInnerContext({ db, logger: logs.logger, requestId: "log-test-after-commit", actor: await userActor("staff") }),
    );
    // The write committed, so the caller hears it succeeded: an error would have it retry work that is done.
    await expect(caller.rename({ id: customer.id })).resolves.toEqual({ id: customer.id });
    expect((await db.user.findUniqueOrThrow({ where: { id: customer.id } })).name).toBe("Renamed After Commit");
    expect(ran).toEqual(["second effect"]);
    const line = logs.lines().find((l) => l.requestId === "log-test-after-commit" && l.level === "error")!;
    expect(line).toMatchObject({
      msg: "an effect after commit failed; the change itself is committed",
      procedure: "rename",
      error: { message: "the notifier is down" },
    });
  });

  it("write slow queries with their duration and statement, without their parameters", async () => {
    await withEnv({ SLOW_QUERY_MS: "50" }, async () => {
      const { closeDatabase } = await import("../../src/server/db");
      await closeDatabase();
      await getDatabase().warmUp(); // opening the database is not a slow query (tested below)
      const secretParameter = "parameter-that-must-not-be-logged";
      await getDatabase().db.$queryRaw`SELECT ${secretParameter}::text AS p FROM pg_sleep(0.12)`;
      const slow = logs.lines().find((l) => l.msg === "slow query")!;
      expect(slow).toMatchObject({ level: "warn", thresholdMs: 50, sql: expect.stringContaining("pg_sleep") });
      expect(slow.durationMs as number).toBeGreaterThanOrEqual(100);
      expect(logs.text()).not.toContain(secretParameter);
      await closeDatabase();
    });
  });

  it("do not report the first query of a newly opened database (its time is opening it) as slow", async () => {
    await withEnv({ SLOW_QUERY_MS: "50" }, async () => {
      const { closeDatabase } = await import("../../src/server/db");
      await closeDatabase();
      await getDatabase().db.$queryRaw`SELECT 1 FROM pg_sleep(0.12)`;
      await getDatabase().db.$queryRaw`SELECT 2 FROM pg_sleep(0.12)`;
      const slow = logs.lines().filter((l) => l.msg === "slow query" && /SELECT [12] FROM pg_sleep/.test(String(l.sql)));
      expect(slow.map((l) => l.sql)).toEqual([expect.stringContaining("SELECT 2")]);
      await closeDatabase();
    });
  });
});
