import { NextResponse, type NextRequest } from "next/server";
import { commonHeaders, pagePolicy, securitySettings } from "@/server/security-headers";

/**
 * Runs before every page request (Next.js Proxy): security headers, with a Content Security Policy that
 * carries a fresh nonce, which Next.js reads from the request to mark its own scripts. API responses get
 * their (constant) headers from next.config.js instead: no Proxy run per API call.
 */
export function proxy(request: NextRequest) {
  const settings = securitySettings();
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const policy = pagePolicy(nonce, settings);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", policy);
  for (const [name, value] of Object.entries(commonHeaders(settings))) response.headers.set(name, value);
  return response;
}

export const config = {
  // Pages: not Next's own paths (static files, long-cached, no policy needed; in development the hot-reload
  // WebSocket, whose upgrade a proxied response would break), not the APIs (next.config.js).
  matcher: ["/((?!_next/|api/).*)"],
};
