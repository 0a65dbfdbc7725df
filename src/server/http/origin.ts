/**
 * Whether a request that changes something comes from another site. Browsers send `Sec-Fetch-Site` and
 * `Origin` on every POST; a page elsewhere cannot forge either. Requests with neither (curl, servers,
 * integrators' code) are not browsers acting for someone and are left to their credentials.
 */

/** Our own origins: AUTH_URL's (the public URL) and the one this request was addressed to. */
function ownOrigins(requestUrl: string, headers: Headers, publicUrl: string | undefined): Set<string> {
  const origins = new Set<string>([new URL(requestUrl).origin]);
  const host = headers.get("x-forwarded-host") ?? headers.get("host");
  if (host) origins.add(`${headers.get("x-forwarded-proto") ?? new URL(requestUrl).protocol.replace(":", "")}://${host}`);
  if (publicUrl) {
    try {
      origins.add(new URL(publicUrl).origin);
    } catch {
      // A malformed AUTH_URL is refused at start-up (src/server/auth/config.ts).
    }
  }
  return origins;
}

export function isCrossSite(req: Request, publicUrl: string | undefined = process.env.AUTH_URL): boolean {
  const site = req.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") return true;
  const origin = req.headers.get("origin");
  if (!origin) return false;
  return !ownOrigins(req.url, req.headers, publicUrl).has(origin);
}
