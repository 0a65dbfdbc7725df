/**
 * What a database failure means for the caller. Every failure that is not a bug in our SQL falls in one of
 * three classes (docs/operations.md has the table):
 *
 * - `unavailable` — the database cannot be reached or gave no connection in time, is shutting down or
 *   starting up, or has no connection slot left: 503 `DEPENDENCY_UNAVAILABLE` with Retry-After.
 * - `busy` — a statement waited too long for a lock or ran past its time limit: 503 `DATABASE_BUSY`.
 * - `conflict` — a serialization failure or a deadlock: the mutation is retried a few times, then
 *   409 `CONCURRENT_UPDATE`.
 */

/** Prisma P1001 can't reach, P1002 timed out, P1008 operation timed out, P1017 closed, P2024 pool timeout,
 *  P2028 could not start a transaction in time. */
const unavailablePrismaCodes = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2028"]);
/** SQLSTATE: admin/crash shutdown, starting up, too many connections, out of resources. Class 08 is below. */
const unavailableSqlStates = new Set(["57P01", "57P02", "57P03", "53300", "53000", "53100", "53200", "53400"]);
const unavailableDriverKinds = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
const unavailableSocketCodes = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN"]);
const unavailableMessages = [
  /timeout exceeded when trying to connect/i, // pg-pool: no connection came free in time
  /Connection terminated/i,
  /Client has encountered a connection error and is not queryable/i,
  /the database system is (shutting down|starting up|in recovery mode)/i,
  /terminating connection due to administrator command/i,
  /sorry, too many clients already/i,
];
/** lock_not_available (lock_timeout), query_canceled (statement_timeout). */
const busySqlStates = new Set(["55P03", "57014"]);
/** serialization_failure, deadlock_detected; Prisma's P2034 "write conflict or deadlock". */
const conflictSqlStates = new Set(["40001", "40P01"]);

export type DatabaseFailure = "unavailable" | "busy" | "conflict";

/** Everything an error (and the errors it wraps) says about itself: codes, driver kinds, messages. */
function facts(error: unknown): { codes: Set<string>; kinds: Set<string>; messages: string[] } {
  const codes = new Set<string>();
  const kinds = new Set<string>();
  const messages: string[] = [];
  const queue: unknown[] = [error];
  for (let seen = 0; queue.length && seen < 12; seen++) {
    const current = queue.shift();
    if (!current || typeof current !== "object") continue;
    const e = current as Record<string, unknown> & { meta?: Record<string, unknown> };
    for (const key of ["code", "originalCode", "errorCode"]) if (typeof e[key] === "string") codes.add(e[key]);
    if (typeof e.kind === "string") kinds.add(e.kind);
    if (typeof e.message === "string") messages.push(e.message);
    if (typeof e.originalMessage === "string") messages.push(e.originalMessage);
    queue.push(
      e.cause,
      e.meta?.driverAdapterError,
      (e.meta?.driverAdapterError as { cause?: unknown } | undefined)?.cause,
      e.originalError,
    );
  }
  return { codes, kinds, messages };
}

/** The class of a database failure, or null when it is not one (a bug, or an error of ours). */
export function classifyDatabaseError(error: unknown): DatabaseFailure | null {
  const { codes, kinds, messages } = facts(error);
  const has = (set: Set<string>) => [...codes].some((c) => set.has(c));
  if (has(conflictSqlStates) || codes.has("P2034") || kinds.has("TransactionWriteConflict")) return "conflict";
  if (has(busySqlStates)) return "busy";
  if (
    has(unavailablePrismaCodes) ||
    has(unavailableSqlStates) ||
    has(unavailableSocketCodes) ||
    [...codes].some((c) => /^08[0-9A-Z]{3}$/.test(c)) ||
    [...kinds].some((k) => unavailableDriverKinds.has(k)) ||
    messages.some((m) => unavailableMessages.some((pattern) => pattern.test(m)))
  ) {
    return "unavailable";
  }
  return null;
}

/** The database cannot serve right now (unreachable, no connection in time, shutting down, busy): 503. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const failure = classifyDatabaseError(error);
  return failure === "unavailable" || failure === "busy";
}

/** Prisma's "unique constraint failed" (P2002), whichever driver adapter raised it. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}
