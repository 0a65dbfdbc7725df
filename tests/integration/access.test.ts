/**
 * Every procedure declares who may call it, and the router does exactly that: the matrix below is
 * generated from the router (a new procedure joins it without editing this file) and written to
 * docs/permission-matrix.md, which the test keeps true.
 */
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import {
  apiKeyScopeNames,
  apiKeyScopes,
  rolePermissions,
  type Access,
  type Actor,
  type ApiKeyScope,
} from "../../src/server/auth/permissions";
import { createInnerContext } from "../../src/server/context";
import { getDatabase } from "../../src/server/db";
import { appRouter } from "../../src/server/routers/_app";
import { createCallerFactory, publicProcedure, router, type ProcedureMeta } from "../../src/server/trpc";
import { apiKey, callerFor, expectTrpcError, userActor } from "./helpers";

interface ProcedureEntry {
  path: string;
  type: "query" | "mutation" | "subscription";
  meta: ProcedureMeta | undefined;
}

const procedures: ProcedureEntry[] = Object.entries(appRouter._def.procedures).map(([path, procedure]) => {
  const def = (procedure as unknown as { _def: { type: ProcedureEntry["type"]; meta?: ProcedureMeta } })._def;
  return { path, type: def.type, meta: def.meta };
});

type Outcome = "allowed" | "401" | "403";

/** The policy in words, independent of the implementation: what each kind of caller should get. */
function expectedOutcome(access: Access, caller: Actor | null): Outcome {
  if (access.kind === "public") return "allowed";
  if (!caller) return "401";
  if (access.kind === "authenticated") return "allowed";
  if (access.kind === "signedIn") return caller.type === "user" ? "allowed" : "403";
  const granted: readonly string[] =
    caller.type === "user" ? rolePermissions[caller.role] : caller.scopes.flatMap((scope) => apiKeyScopes[scope]);
  const wanted = access.kind === "anyPermission" ? access.permissions : [access.permission];
  return wanted.some((p) => granted.includes(p) || granted.includes(p.replace(/:own$/, ":any"))) ? "allowed" : "403";
}

async function callByPath(actor: Actor | null, path: string): Promise<Outcome> {
  const caller = callerFor(actor) as unknown as Record<string, unknown>;
  const fn = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (
    input?: unknown,
  ) => Promise<unknown>;
  try {
    // No input: access is decided before input is parsed, so an allowed call fails later (BAD_REQUEST) or runs.
    await fn(undefined);
    return "allowed";
  } catch (error) {
    if (error instanceof TRPCError && error.code === "UNAUTHORIZED") return "401";
    if (error instanceof TRPCError && error.code === "FORBIDDEN") return "403";
    return "allowed";
  }
}

describe("access declarations", () => {
  it("exist on every procedure of the router", () => {
    const undeclared = procedures.filter((p) => !p.meta?.access).map((p) => p.path);
    expect(undeclared).toEqual([]);
    expect(procedures.length).toBeGreaterThan(10);
  });

  it("are required: a procedure that declares nothing is refused, even to an admin", async () => {
    const forgetful = router({ oops: publicProcedure.meta({ access: undefined }).query(() => "secret data") });
    const caller = createCallerFactory(forgetful)(createInnerContext({ db: getDatabase().db, actor: await userActor("admin") }));
    await expectTrpcError(caller.oops(), "FORBIDDEN", "UNDECLARED_ACCESS");
  });
});

describe("the permission matrix", () => {
  it("matches every procedure's declaration for guests, each role and API keys with and without each scope", async () => {
    const callers: [string, Actor | null][] = [
      ["guest", null],
      ["customer", await userActor("customer")],
      ["staff", await userActor("staff")],
      ["admin", await userActor("admin")],
      ["key (no scopes)", (await apiKey([])).actor],
    ];
    for (const scope of apiKeyScopeNames) callers.push([`key ${scope}`, (await apiKey([scope])).actor]);
    const allButOne: [string, Actor][] = [];
    for (const scope of apiKeyScopeNames) {
      const others: ApiKeyScope[] = apiKeyScopeNames.filter((s) => s !== scope);
      allButOne.push([`key without ${scope}`, (await apiKey(others)).actor]);
    }

    const mismatches: string[] = [];
    const table: string[][] = [];
    for (const procedure of procedures) {
      const access = procedure.meta!.access!;
      const row: string[] = [];
      for (const [label, actor] of [...callers, ...allButOne]) {
        const actual = await callByPath(actor, procedure.path);
        const expected = expectedOutcome(access, actor);
        if (actual !== expected) mismatches.push(`${procedure.path} as ${label}: expected ${expected}, got ${actual}`);
        row.push(actual === "allowed" ? "✓" : actual);
      }
      const declared =
        access.kind === "permission"
          ? `\`${access.permission}\``
          : access.kind === "anyPermission"
            ? access.permissions.map((p) => `\`${p}\``).join(" or ")
            : access.kind;
      table.push([`\`${procedure.path}\``, procedure.type, declared, ...row.slice(0, callers.length)]);
    }
    expect(mismatches).toEqual([]);

    const header = ["procedure", "type", "requires", ...callers.map(([label]) => label)];
    const markdown = [
      "# Permission matrix",
      "",
      "Generated by `tests/integration/access.test.ts` from the router and checked on every test run:",
      "each cell is what a real call returned. ✓ allowed, 401 no (valid) identity, 403 the wrong one.",
      "Roles and scopes are defined in `src/server/auth/permissions.ts`; see docs/auth.md.",
      "",
      `| ${header.join(" | ")} |`,
      `|${header.map(() => "---").join("|")}|`,
      ...table.map((cells) => `| ${cells.join(" | ")} |`),
      "",
    ].join("\n");
    await expect(markdown).toMatchFileSnapshot("../../docs/permission-matrix.md");
  });

  it("records each 403 in the audit trail, and not a guest's 401", async () => {
    const { db } = getDatabase();
    const customer = await userActor("customer");
    const before = await db.auditEvent.count({ where: { outcome: "DENIED" } });
    await expectTrpcError(callerFor(customer).admin.users.list({}), "FORBIDDEN", "PERMISSION_DENIED");
    await expectTrpcError(callerFor(null).admin.users.list({}), "UNAUTHORIZED", "AUTHENTICATION_REQUIRED");
    const denied = await db.auditEvent.findMany({ where: { outcome: "DENIED" }, orderBy: { id: "desc" } });
    expect(denied.length).toBe(before + 1);
    expect(denied[0]).toMatchObject({ actorType: "USER", actorId: customer.userId, action: "admin.users.list", reason: "FORBIDDEN" });
  });
});
