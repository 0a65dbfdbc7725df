/**
 * The session id inside an Auth.js session cookie. Decrypting the cookie (JWE, with a key derived from
 * AUTH_SECRET) is the only work left per signed-in request once the session itself is held in memory
 * (decision 013), so the result is remembered per cookie value: the same value always decrypts to the same
 * payload, and it is remembered no longer than the token's own expiry.
 */
import { LRUCache } from "lru-cache";
import { decode } from "next-auth/jwt";
import { getAuthConfig } from "./config";

const MAX_REMEMBERED = 10_000;
/** How long a cookie that does not decrypt is remembered as such. */
const REFUSED_FOR_MS = 60_000;
/** Decrypted cookies by value, for as long as the token is valid (least recently used out first when full). */
const remembered = new LRUCache<string, { sid: string | null }>({ max: MAX_REMEMBERED });

/** The cookie's name: `__Secure-` prefixed when cookies are Secure (production). */
export function sessionCookieName(): string {
  return getAuthConfig().secureCookies ? "__Secure-authjs.session-token" : "authjs.session-token";
}

function cookieValue(header: string, name: string): string | null {
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/**
 * The `sid` of the request's session cookie, or null (no cookie, one that does not decrypt, or expired).
 * `undefined` when the cookie is split in chunks (`.0`, `.1`: never for our small tokens), for the caller
 * to ask Auth.js itself.
 */
export async function sessionIdFromCookie(cookieHeader: string | null): Promise<string | null | undefined> {
  if (!cookieHeader) return null;
  const name = sessionCookieName();
  const token = cookieValue(cookieHeader, name);
  if (!token) return cookieHeader.includes(`${name}.0=`) ? undefined : null;
  const known = remembered.get(token);
  if (known) return known.sid;
  const now = Date.now();
  let sid: string | null = null;
  let until = now + REFUSED_FOR_MS;
  try {
    const payload = await decode({ token, secret: getAuthConfig().secret, salt: name });
    if (payload && typeof payload.sid === "string") {
      sid = payload.sid;
      until = typeof payload.exp === "number" ? payload.exp * 1000 : now + REFUSED_FOR_MS;
    }
  } catch {
    // Tampered, made with another secret, or expired: no session.
  }
  if (until > now) remembered.set(token, { sid }, { ttl: until - now });
  return sid;
}
