/** Prisma's "unique constraint failed" (P2002), whichever driver adapter raised it. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

/** What driver adapters call an unreachable database (raw queries report it inside a P2010). */
const unreachableKinds = ["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"];

/**
 * The database cannot be reached or gave no connection in time (Prisma P1001 can't reach, P1002 timed out,
 * P1017 server closed the connection, P2024 pool timeout, or a raw query's driver error saying so): the
 * caller should hear 503, not 500.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; current = (current as { cause?: unknown }).cause, depth++) {
    if (typeof current !== "object") return false;
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && ["P1001", "P1002", "P1017", "P2024", "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT"].includes(code)) return true;
    const kind = (current as { meta?: { driverAdapterError?: { cause?: { kind?: unknown } } } }).meta?.driverAdapterError?.cause?.kind;
    if (typeof kind === "string" && unreachableKinds.includes(kind)) return true;
  }
  return false;
}
