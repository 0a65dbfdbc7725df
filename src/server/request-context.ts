/** The fetch adapter's half of the context: reads the request (credentials, client) and builds the inner context. */
import type { FetchCreateContextFnOptions } from "@trpc/server/adapters/fetch";
import type { NextApiRequest, NextApiResponse } from "next";
import { authenticateApiKey, parseAuthorization, type CredentialProblem } from "./auth/api-keys";
import { auth, userActorFromSession } from "./auth/next-auth";
import { sessionIdFromCookie } from "./auth/session-cookie";
import { actorForSession } from "./auth/sessions";
import type { Actor } from "./auth/permissions";
import { clientInfoFrom } from "./client-info";
import { createInnerContext, type Context, type Transport } from "./context";
import { requestIdFrom } from "./http/request-id";
import { getDatabase, type Db, type DbClient } from "./db";
import { getCatalogCache } from "./cache/catalog-cache";
import { getLogger } from "./logger";
import { addressKey, getRateLimits, type RateLimitDecision, type RateLimits } from "./rate-limit";

export interface Identity {
  actor: Actor | null;
  /** Credentials were presented and refused. */
  credentialProblem: CredentialProblem | null;
  /** The address refused too many API keys lately: this one was not looked up (answered 429). */
  refusal?: RateLimitDecision;
}

/**
 * Who is calling. An Authorization header means an API key (cookies are then ignored); otherwise the
 * Auth.js session cookie: its session id (./auth/session-cookie.ts), then the session, as Auth.js's `jwt`
 * callback would find it (held in memory between changes). Requests without either skip all of it.
 * Refused API keys count against their address (`apiKeyFailures`); past that limit, keys from the address
 * are not looked up at all until the window frees, so a flood of made-up keys stops reaching the database.
 */
export async function identify(db: DbClient, headers: Headers, limits: RateLimits | null): Promise<Identity> {
  const authorization = parseAuthorization(headers.get("authorization"));
  if (authorization.kind === "malformed") return { actor: null, credentialProblem: "MALFORMED_AUTHORIZATION" };
  if (authorization.kind === "apiKey") {
    const address = addressKey(clientInfoFrom(headers).ip);
    const refusal = limits?.standingRefusal("apiKeyFailures", address);
    if (refusal) return { actor: null, credentialProblem: null, refusal };
    const result = await authenticateApiKey(db, authorization.secret);
    if (result.ok) return { actor: result.actor, credentialProblem: null };
    await limits?.check("apiKeyFailures", address);
    return { actor: null, credentialProblem: result.problem };
  }
  const cookie = headers.get("cookie");
  if (!cookie?.includes("authjs.session-token")) return { actor: null, credentialProblem: null };
  const sid = await sessionIdFromCookie(cookie);
  if (sid !== undefined) return { actor: sid ? await actorForSession(db, sid) : null, credentialProblem: null };
  // A cookie in chunks: Auth.js reassembles it. The request/response form of `auth()` reads the cookie from these headers (no Next.js request scope
  // needed, so route handlers can be tested directly); the refreshed cookie it would set is not needed:
  // the session row, not the cookie, decides how long a sign-in lasts.
  const session = await auth({ headers } as unknown as NextApiRequest, { headers: new Headers() } as unknown as NextApiResponse);
  return { actor: userActorFromSession(session), credentialProblem: null };
}

/** The context of an HTTP request once its caller is known: the process's logger, rate limits and catalog cache. */
export function contextForRequest(db: Db, headers: Headers, requestId: string, identity: Identity, transport: Transport): Context {
  return createInnerContext({
    db,
    logger: getLogger(),
    requestId,
    actor: identity.actor,
    credentialProblem: identity.credentialProblem,
    client: clientInfoFrom(headers),
    transport,
    rateLimits: getRateLimits(),
    identityRefusal: identity.refusal ?? null,
    cache: getCatalogCache(),
  });
}

/** The tRPC endpoint's context: who is calling, from where, counted against the process's rate limits. */
export async function createContext(
  { req }: Pick<FetchCreateContextFnOptions, "req">,
  requestId = requestIdFrom(req.headers),
): Promise<Context> {
  const { db } = getDatabase();
  return contextForRequest(db, req.headers, requestId, await identify(db, req.headers, getRateLimits()), "trpc");
}
