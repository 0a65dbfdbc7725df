import { randomUUID } from "node:crypto";
import type { Db, DbClient } from "./db";
import type { Actor } from "./auth/permissions";
import type { CredentialProblem } from "./auth/api-keys";
import { createAuditRecorder, type AuditRecorder } from "./audit/audit";
import type { ClientInfo } from "./client-info";
import { createLogger, type Logger } from "./logger";

export interface InnerContextOptions {
  db: Db;
  logger?: Logger;
  requestId?: string;
  /** Who is calling; null or absent is a guest. */
  actor?: Actor | null;
  /** Credentials were presented but refused: every procedure answers 401 with this reason. */
  credentialProblem?: CredentialProblem | null;
  client?: Partial<ClientInfo>;
}

/** The context without any HTTP: what tests pass to `createCaller`. */
export function createInnerContext(opts: InnerContextOptions) {
  const requestId = opts.requestId ?? randomUUID();
  const actor = opts.actor ?? null;
  const root = opts.db;
  return {
    /** Queries. Inside a mutation this is the mutation's transaction. */
    db: root as DbClient,
    /** Runs work in one transaction (the mutation middleware; handlers use `db`). */
    transaction: <T>(work: (tx: DbClient) => Promise<T>) =>
      root.$transaction(work, { maxWait: 10_000, timeout: 20_000 }),
    requestId,
    actor,
    credentialProblem: opts.credentialProblem ?? null,
    client: { ip: opts.client?.ip ?? null, userAgent: opts.client?.userAgent ?? null } satisfies ClientInfo,
    /** What the audit entry of this call says about its target; filled in by mutation handlers. */
    audit: createAuditRecorder() as AuditRecorder,
    logger: (opts.logger ?? createLogger("silent")).child({ requestId, actor: actor ? actorLabel(actor) : undefined }),
  };
}

export type Context = ReturnType<typeof createInnerContext>;

function actorLabel(actor: Actor): string {
  return actor.type === "user" ? `user:${actor.userId}` : `apiKey:${actor.apiKeyId}`;
}

const requestIdPattern = /^[A-Za-z0-9._-]{1,128}$/;

/** Accepts a caller's X-Request-Id when it is safe to log and echo, otherwise makes one. */
export function requestIdFrom(headers: Headers): string {
  const given = headers.get("x-request-id");
  return given && requestIdPattern.test(given) ? given : randomUUID();
}

export type UserActor = Extract<Actor, { type: "user" }>;
/** The context of procedures that need an identity (`authenticatedProcedure`, `permissionProcedure`). */
export type ActorContext = Context & { actor: Actor };
/** The context of `signedInProcedure`s. */
export type UserContext = Context & { actor: UserActor };
