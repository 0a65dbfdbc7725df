import { NextResponse, type NextRequest } from "next/server";
import { apiPolicy, commonHeaders, docsPolicy, pagePolicy, securitySettings } from "@/server/security-headers";

const benchBuild = process.env.STOCKROOM_BENCH_BUILD === "1";

/**
 * Runs before every request (Next.js Proxy): security headers on every response, and for pages a Content
 * Security Policy with a fresh nonce, which Next.js reads from the request to mark its own scripts.
 */
export function proxy(request: NextRequest) {
  const path = request.nextUrl.pathname;
  // The benchmark's reference routes (benchmark builds only) measure Next.js without anything of ours.
  if (benchBuild && path.startsWith("/api/bench/")) return NextResponse.next();
  const settings = securitySettings();
  let response: NextResponse;
  let policy: string;
  if (path.startsWith("/api/")) {
    // APIs need nothing passed on to the request (rewriting its headers costs every API call).
    policy = path.startsWith("/api/docs") ? docsPolicy : apiPolicy;
    response = NextResponse.next();
  } else {
    const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
    policy = pagePolicy(nonce, settings);
    const requestHeaders = new Headers(request.headers);
    requestHeaders.set("x-nonce", nonce);
    requestHeaders.set("content-security-policy", policy);
    response = NextResponse.next({ request: { headers: requestHeaders } });
  }
  response.headers.set("content-security-policy", policy);
  for (const [name, value] of Object.entries(commonHeaders(settings))) response.headers.set(name, value);
  return response;
}

export const config = {
  // Everything but Next's own paths: static files (long-cached, no policy needed) and, in development,
  // the hot-reload WebSocket, whose upgrade a proxied response would break.
  matcher: ["/((?!_next/).*)"],
};
