import { randomUUID } from "node:crypto";
import type { Db, DbClient } from "./db";
import { immediateUnitOfWork } from "./db/unit-of-work";
import type { Actor } from "./auth/permissions";
import type { CredentialProblem } from "./auth/api-keys";
import { createAuditRecorder } from "./audit/audit";
import { CatalogCache } from "./cache/catalog-cache";
import type { ClientInfo } from "./client-info";
import { silentLogger, type Logger } from "./logger";
import type { RateLimitDecision, RateLimits } from "./rate-limit";

export interface InnerContextOptions {
  db: Db;
  logger?: Logger;
  requestId?: string;
  /** Who is calling; null or absent is a guest. */
  actor?: Actor | null;
  /** Credentials were presented but refused: every procedure answers 401 with this reason. */
  credentialProblem?: CredentialProblem | null;
  client?: Partial<ClientInfo>;
  /** How the call arrived: the tRPC endpoint, REST, or in process (tests, scripts). */
  transport?: Transport;
  /** The rate limits to count calls against; absent: none (limits belong to the HTTP edge). */
  rateLimits?: RateLimits | null;
  /** Identifying the caller was refused by a rate limit (too many refused API keys): every call answers 429. */
  identityRefusal?: RateLimitDecision | null;
  /** The catalog cache to read through and invalidate; absent: none (every read loads). */
  cache?: CatalogCache;
}

export type Transport = "trpc" | "rest" | "server";

/**
 * The context without any HTTP: what tests pass to `createCaller`. Pure: built from its options alone, with
 * no process singleton behind an absent one (no cache, no rate limits, a silent logger); the HTTP adapter
 * (./request-context.ts) passes the process's.
 */
export function createInnerContext(opts: InnerContextOptions) {
  const requestId = opts.requestId ?? randomUUID();
  const actor = opts.actor ?? null;
  const root = opts.db;
  const cache = opts.cache ?? new CatalogCache({ store: null, ttlSeconds: 0 });
  return {
    /** Queries. Inside a mutation this is the mutation's transaction. */
    db: root as DbClient,
    /** Runs work in one transaction (the mutation middleware; handlers use `db`). */
    transaction: <T>(work: (tx: DbClient) => Promise<T>) => root.$transaction(work, { maxWait: 10_000, timeout: 20_000 }),
    requestId,
    actor,
    credentialProblem: opts.credentialProblem ?? null,
    client: { ip: opts.client?.ip ?? null, userAgent: opts.client?.userAgent ?? null } satisfies ClientInfo,
    /** What the audit entry of this call says about its target; filled in by mutation handlers. */
    audit: createAuditRecorder(),
    logger: (opts.logger ?? silentLogger).child({ requestId, actor: actor ? actorLabel(actor) : undefined }),
    transport: opts.transport ?? "server",
    rateLimits: opts.rateLimits ?? null,
    /** The rate-limit decisions made for this request, for the RateLimit-* headers of its answer. */
    identityRefusal: opts.identityRefusal ?? null,
    rateLimitDecisions: opts.identityRefusal ? [opts.identityRefusal] : [],
    cache,
    /** What this call's writes cause once they commit; a mutation's own unit, immediate outside one. */
    unit: immediateUnitOfWork((ids) => cache.invalidate(ids)),
  };
}

export type Context = ReturnType<typeof createInnerContext>;

/** How an actor appears in logs: `user:<id>` or `apiKey:<id>` (never a name or an email). */
export function actorLabel(actor: Actor): string {
  return actor.type === "user" ? `user:${actor.userId}` : `apiKey:${actor.apiKeyId}`;
}

export type UserActor = Extract<Actor, { type: "user" }>;
/** The context of procedures that need an identity (`authenticatedProcedure`, `permissionProcedure`). */
export type ActorContext = Context & { actor: Actor };
/** The context of `signedInProcedure`s. */
export type UserContext = Context & { actor: UserActor };
