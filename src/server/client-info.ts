import { getServerConfig } from "./config";

/** Where a request came from, for rate-limit keys, sessions and the audit trail. */
export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

/**
 * The client's address, from the X-Forwarded-For chain. The production server (scripts/server.ts) appends
 * the address of the peer that connected to it, as a proxy would; each trusted proxy in front
 * (TRUSTED_PROXY_HOPS) appended its peer before that. So the client is the entry `hops` places from the
 * end: with no proxy, the connection's own address; entries further left were written by the client and
 * are never believed.
 *
 * `next dev` and a bare `next start` do not append the peer when the client sent the header, so there the
 * address is whatever the client claims (see docs/operations.md).
 */
export function clientAddress(headers: Headers, trustedProxyHops: number): string | null {
  const chain = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (chain.length === 0) return null;
  const entry = chain[Math.max(0, chain.length - 1 - trustedProxyHops)]!;
  return normaliseAddress(entry).slice(0, 64);
}

/** `::ffff:203.0.113.9` (IPv4 on a dual-stack socket) is `203.0.113.9`. */
export function normaliseAddress(address: string): string {
  return address.toLowerCase().startsWith("::ffff:") && address.includes(".") ? address.slice(7) : address;
}

/** The client of a request, with TRUSTED_PROXY_HOPS from the settings unless given. */
export function clientInfoFrom(headers: Headers, trustedProxyHops = getServerConfig().trustedProxyHops): ClientInfo {
  return { ip: clientAddress(headers, trustedProxyHops), userAgent: headers.get("user-agent")?.slice(0, 512) ?? null };
}
