/**
 * The only place that calls `initTRPC`. The app builds every procedure from the blocks exported here.
 * Guide: 1. context (./context.ts)  2. these building blocks  3. routers in ./routers, one
 * `x.schema.ts` + `x.handler.ts` pair per procedure.
 *
 * Every procedure says who may call it by the builder it starts from; a procedure without that
 * declaration is refused (default deny) and a test walks the router to keep it that way.
 */
import { initTRPC, TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import superjson from "superjson";
import type { ProcedureMeta } from "./procedure-meta";

export type { ProcedureMeta };
import { credentialProblemMessages } from "./auth/api-keys";
import { decideAccess, type Access, type Permission } from "./auth/permissions";
import { createAuditRecorder, isAuditedActor, writeAuditEvent } from "./audit/audit";
import type { Context } from "./context";
import { getServerConfig } from "./config";
import { classifyDatabaseError } from "./db/errors";
import { appError, describeError, reasonOf } from "./errors";
import { DuplicateFormField, formFields } from "./http/form";
import { getMetrics } from "./observability/metrics";
import { addressKey, refusalMessage, secondsUntil, type RateLimitDecision, type RateLimits } from "./rate-limit";
import type { RateLimitKey, RateLimitPolicyName } from "./rate-limit/policies";
import { DeferredUnitOfWork } from "./db/unit-of-work";

/**
 * Server-Sent Events for subscriptions (docs/realtime.md): a keep-alive comment every
 * REALTIME_KEEPALIVE_SECONDS (proxies keep the connection, clients notice a dead one), and an end after
 * REALTIME_MAX_STREAM_MINUTES, when the client reconnects and resumes. Getters: read per stream, once the
 * settings have been checked at start-up, not when this module loads.
 */
function realtimeStreamOptions() {
  return {
    get ping() {
      return { enabled: true, intervalMs: getServerConfig().realtime.keepAliveSeconds * 1_000 };
    },
    get client() {
      // Twice the keep-alive and a little: one late ping is not a lost connection.
      return { reconnectAfterInactivityMs: getServerConfig().realtime.keepAliveSeconds * 2_000 + 5_000 };
    },
    get maxDurationMs() {
      return getServerConfig().realtime.maxStreamMinutes * 60_000;
    },
  };
}

const t = initTRPC
  .context<Context>()
  .meta<ProcedureMeta>()
  .create({
    transformer: superjson,
    sse: realtimeStreamOptions(),
    errorFormatter({ shape, error, ctx }) {
      const described = describeError(error);
      // tRPC's own refusal of a batch over `maxBatchSize` (the tRPC route handler sets it from TRPC_MAX_BATCH).
      const batchTooLarge = error.code === "BAD_REQUEST" && error.message === "Batch call exceeds maximum size";
      return {
        ...shape,
        message: described.fieldErrors
          ? described.message
          : batchTooLarge
            ? `Too many calls in one batch: at most ${getServerConfig().trpcMaxBatch} (TRPC_MAX_BATCH); send them in smaller batches`
            : shape.message,
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          path: shape.data.path,
          /** A stable, specific code finer than `code` (e.g. API_KEY_REVOKED, PERMISSION_DENIED). */
          reason: batchTooLarge ? "BATCH_TOO_LARGE" : described.reason,
          details: described.details,
          requestId: ctx?.requestId ?? null,
          fieldErrors: described.fieldErrors,
          // Stack traces only outside production.
          ...(process.env.NODE_ENV === "production" ? {} : { stack: shape.data.stack }),
        },
      };
    },
  });

/** How a database failure is answered (./db/errors.ts): 503 with Retry-After, or 409 once retries ran out. */
const databaseFailureAnswers = {
  unavailable: () => appError("SERVICE_UNAVAILABLE", "DEPENDENCY_UNAVAILABLE", "The database is unavailable; try again shortly"),
  busy: () => appError("SERVICE_UNAVAILABLE", "DATABASE_BUSY", "The database is too busy to answer in time; try again shortly"),
  conflict: () => appError("CONFLICT", "CONCURRENT_UPDATE", "This changed at the same moment as another request; try again"),
} as const;

/**
 * Logs each call with its duration and outcome (errors the server caused with their cause) and counts it
 * in the metrics by procedure, transport and status. A database failure is never a 500: it becomes a 503
 * (`DEPENDENCY_UNAVAILABLE`, `DATABASE_BUSY`) or a 409 (`CONCURRENT_UPDATE`).
 */
const logCall = t.middleware(async function logCall({ ctx, path, type, next }) {
  const started = performance.now();
  const result = await next();
  const durationMs = Math.round((performance.now() - started) * 10) / 10;
  const failure = !result.ok && result.error.code === "INTERNAL_SERVER_ERROR" ? classifyDatabaseError(result.error.cause) : null;
  const status = result.ok ? 200 : failure ? (failure === "conflict" ? 409 : 503) : getHTTPStatusCodeFromError(result.error);
  const labels = { procedure: path, transport: ctx.transport, status: String(status) };
  const metrics = getMetrics();
  metrics.procedureCalls.inc(labels);
  metrics.procedureDuration.observe(labels, durationMs / 1000);
  if (result.ok) {
    ctx.logger.debug("trpc call", { path, type, durationMs });
    return result;
  }
  if (failure) {
    ctx.logger.error(`trpc call failed: database ${failure}`, { path, type, durationMs, error: result.error.cause });
    throw databaseFailureAnswers[failure]();
  }
  if (result.error.code === "INTERNAL_SERVER_ERROR")
    ctx.logger.error("trpc call failed", { path, type, durationMs, error: result.error.cause ?? result.error });
  else ctx.logger.info("trpc call rejected", { path, type, durationMs, code: result.error.code, reason: reasonOf(result.error)?.reason });
  return result;
});

/** The bucket a caller is counted in for a policy keyed by `key`. */
function rateLimitKey(key: RateLimitKey, ctx: Context): string {
  const address = addressKey(ctx.client.ip);
  const actor = ctx.actor;
  switch (key) {
    case "address":
    case "addressAndEmail":
      return address;
    case "user":
    case "apiKey":
    case "actor":
      if (actor?.type === "user") return `user:${actor.userId}`;
      if (actor?.type === "apiKey") return `key:${actor.apiKeyId}`;
      return address;
  }
}

/**
 * Counts the call against the caller's general limit (per API key, per user, or per address for guests)
 * and the procedure's own `rateLimit` policy, if any; over either: TOO_MANY_REQUESTS (429). Runs before
 * the access check, so floods of refused calls are limited too. The decisions stay on the context for
 * the RateLimit-* headers.
 */
const limitRate = t.middleware(async function limitRate({ ctx, meta, next }) {
  const limits = ctx.rateLimits;
  if (!limits) return next();
  if (ctx.identityRefusal) throw refusedBy(limits, ctx.identityRefusal);
  const general: RateLimitPolicyName = ctx.actor?.type === "apiKey" ? "apiKey" : ctx.actor?.type === "user" ? "user" : "anonymous";
  const policies = meta?.rateLimit ? [general, meta.rateLimit] : [general];
  const decisions = await Promise.all(policies.map((name) => limits.check(name, rateLimitKey(limits.policy(name).key, ctx))));
  ctx.rateLimitDecisions.push(...decisions);
  const refused = decisions.find((d) => !d.success);
  if (refused) throw refusedBy(limits, refused);
  return next();
});

function refusedBy(limits: RateLimits, refused: RateLimitDecision) {
  return appError("TOO_MANY_REQUESTS", "RATE_LIMITED", refusalMessage(refused, limits.policy(refused.policy)), {
    policy: refused.policy,
    limit: refused.limit,
    retryAfterSeconds: secondsUntil(refused.reset),
  });
}

function describeAccess(access: Access): string {
  switch (access.kind) {
    case "public":
      return "nothing";
    case "authenticated":
      return "a signed-in user or an API key";
    case "signedIn":
      return "a signed-in user (not an API key)";
    case "permission":
      return `the permission ${access.permission}`;
    case "anyPermission":
      return `one of the permissions ${access.permissions.join(", ")}`;
  }
}

/**
 * Applies the procedure's declared access before its input is even parsed: 401 without (valid)
 * credentials, 403 with the wrong ones (recorded in the audit trail), and refusal when nothing is declared.
 */
const enforceAccess = t.middleware(async function enforceAccess({ ctx, meta, path, next }) {
  const access = meta?.access;
  if (!access) throw appError("FORBIDDEN", "UNDECLARED_ACCESS", `${path} declares no access rule, so it is refused`);
  if (ctx.credentialProblem) throw appError("UNAUTHORIZED", ctx.credentialProblem, credentialProblemMessages[ctx.credentialProblem]);
  const decision = decideAccess(access, ctx.actor);
  if (decision === "unauthenticated") {
    throw appError("UNAUTHORIZED", "AUTHENTICATION_REQUIRED", "Sign in, or send an API key as `Authorization: Bearer <key>`");
  }
  if (decision === "forbidden") {
    await writeAuditEvent(ctx.db, {
      actor: ctx.actor,
      action: path,
      outcome: "DENIED",
      reason: "FORBIDDEN",
      requestId: ctx.requestId,
      client: ctx.client,
    });
    throw appError("FORBIDDEN", "PERMISSION_DENIED", `This needs ${describeAccess(access)}`, {
      required: access.kind === "permission" ? access.permission : access.kind === "anyPermission" ? access.permissions : access.kind,
    });
  }
  return next();
});

/** Carries a failed result out of the transaction so that it rolls back. */
class Rollback {
  constructor(readonly result: unknown) {}
}

/** How many times a mutation that met a serialization failure or deadlock is run again before a 409. */
const CONFLICT_RETRIES = 2;

/**
 * Runs each mutation in one transaction. For staff, admins and API keys (and procedures marked
 * `audit: "always"`) the audit entry is written in that transaction, so a rolled-back change leaves no
 * "allowed" entry; a failure is recorded afterwards as FAILED. Once it commits, the catalog cache is
 * invalidated for the products it changed and the effects it deferred run (`ctx.unit`, ./db/unit-of-work.ts). A
 * transaction that lost a serialization race or a deadlock is run again from the start (twice at most).
 */
const transactMutation = t.middleware(async function transactMutation({ ctx, meta, type, path, next }) {
  if (type !== "mutation") return next();
  const audited = isAuditedActor(ctx.actor) || (meta?.audit === "always" && ctx.actor !== null);
  const entry = { actor: ctx.actor, action: path, requestId: ctx.requestId, client: ctx.client };
  for (let attempt = 0; ; attempt++) {
    const audit = createAuditRecorder();
    const unit = new DeferredUnitOfWork((ids) => ctx.cache.invalidate(ids));
    const retry = (cause: unknown) => attempt < CONFLICT_RETRIES && classifyDatabaseError(cause) === "conflict";
    try {
      const result = await ctx.transaction(async (tx) => {
        const result = await next({ ctx: { db: tx, audit, unit } });
        if (!result.ok) throw new Rollback(result);
        if (audited) await writeAuditEvent(tx, { ...entry, ...audit.description, outcome: "ALLOWED" });
        return result;
      });
      await unit.commit((error) =>
        ctx.logger.error("an effect after commit failed; the change itself is committed", { procedure: path, error }),
      );
      return result;
    } catch (thrown) {
      if (!(thrown instanceof Rollback)) {
        if (retry(thrown)) continue;
        throw thrown;
      }
      const result = thrown.result as Awaited<ReturnType<typeof next>>;
      if (!result.ok && retry(result.error.cause)) continue;
      if (audited && !result.ok) {
        await writeAuditEvent(ctx.db, {
          ...entry,
          ...audit.description,
          outcome: "FAILED",
          reason: reasonOf(result.error)?.reason ?? result.error.code,
        });
      }
      return result;
    }
  }
});

/** Narrows `ctx.actor` for procedures that need an identity (enforceAccess has already decided). */
const requireActor = t.middleware(function requireActor({ ctx, next }) {
  if (!ctx.actor) throw appError("UNAUTHORIZED", "AUTHENTICATION_REQUIRED", "Sign in, or send an API key");
  return next({ ctx: { actor: ctx.actor } });
});

/** Narrows `ctx.actor` to a signed-in person. */
const requireUser = t.middleware(function requireUser({ ctx, next }) {
  if (ctx.actor?.type !== "user") throw appError("FORBIDDEN", "PERMISSION_DENIED", "This needs a signed-in user (not an API key)");
  return next({ ctx: { actor: ctx.actor } });
});

/**
 * Reads a multipart/form-data body (tRPC sends FormData as it is) into the input object the schema checks:
 * text fields as strings, files as Blobs, each name once. Runs before the mutation's transaction, so a slow
 * upload never holds a database connection; the body is bounded by the route (the upload limit).
 */
const readFormDataInput = t.middleware(async function readFormDataInput({ getRawInput, next }) {
  let raw: unknown;
  try {
    raw = await getRawInput();
  } catch (error) {
    const bounded = error instanceof TRPCError ? error : (error as { cause?: unknown })?.cause;
    if (bounded instanceof TRPCError) throw bounded;
    throw appError("BAD_REQUEST", "INVALID_MULTIPART", "The body is not valid multipart/form-data");
  }
  if (!(raw instanceof FormData)) return next();
  let input: Record<string, FormDataEntryValue>;
  try {
    input = formFields(raw);
  } catch (error) {
    if (!(error instanceof DuplicateFormField)) throw error;
    throw appError("BAD_REQUEST", "DUPLICATE_FIELD", error.message, { field: error.field });
  }
  return next({ getRawInput: () => Promise.resolve(input) });
});

const declaredProcedure = t.procedure.use(logCall).use(limitRate).use(enforceAccess).use(transactMutation);

/** Builds a router from procedures and sub-routers. */
export const router = t.router;

/** A procedure anyone may call, signed in or not. */
export const publicProcedure = declaredProcedure.meta({ access: { kind: "public" } });

/** A procedure for any identity: a signed-in user or an API key (`ctx.actor` is set). */
export const authenticatedProcedure = declaredProcedure.meta({ access: { kind: "authenticated" } }).use(requireActor);

/** A procedure for a signed-in person only, never an API key (profile, password). */
export const signedInProcedure = declaredProcedure.meta({ access: { kind: "signedIn" } }).use(requireUser);

/** A procedure for identities holding `permission` (by role, or by an API key's scopes). */
export function permissionProcedure(permission: Permission) {
  return declaredProcedure.meta({ access: { kind: "permission", permission } }).use(requireActor);
}

/** A procedure for identities holding at least one of `permissions`; its handler checks which. */
export function anyPermissionProcedure(...permissions: Permission[]) {
  return declaredProcedure.meta({ access: { kind: "anyPermission", permissions } }).use(requireActor);
}

/**
 * A procedure for identities holding `permission` whose input is multipart/form-data with files (meta
 * `upload`: read up to the upload limit on tRPC and REST, before the transaction).
 */
export function uploadProcedure(permission: Permission) {
  return t.procedure
    .use(logCall)
    .use(limitRate)
    .use(enforceAccess)
    .use(readFormDataInput)
    .use(transactMutation)
    .meta({ access: { kind: "permission", permission }, upload: true })
    .use(requireActor);
}

/** Creates a server-side caller for a router (tests, server components). */
export const createCallerFactory = t.createCallerFactory;
