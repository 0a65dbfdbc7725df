/** Where a request came from, for rate-limit keys, sessions and the audit trail. */
export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

/**
 * Next.js puts the socket's address in X-Forwarded-For only when the request has none, so a client can
 * choose this value unless a proxy in front overwrites the header. Rate limits and the audit trail all read
 * the address here, so the trusted-proxy setting will be applied in this one place.
 */
export function clientInfoFrom(headers: Headers): ClientInfo {
  const forwarded = headers.get("x-forwarded-for");
  const ip = forwarded?.split(",")[0]?.trim() || headers.get("x-real-ip")?.trim() || null;
  return { ip: ip?.slice(0, 64) ?? null, userAgent: headers.get("user-agent")?.slice(0, 512) ?? null };
}
