/**
 * Security headers for every page and API response (set by src/proxy.ts). Pages get a Content Security
 * Policy with a fresh nonce per request and no 'unsafe-inline' for scripts: Next.js puts the nonce on its
 * own inline scripts, and 'strict-dynamic' lets the scripts they load run. JSON APIs get a policy that
 * allows nothing at all.
 */
export interface SecuritySettings {
  production: boolean;
  /** Served over HTTPS (AUTH_URL is https://): then HSTS and upgrade-insecure-requests. */
  https: boolean;
}

export function securitySettings(env: Record<string, string | undefined> = process.env): SecuritySettings {
  return { production: env.NODE_ENV === "production", https: (env.AUTH_URL ?? "").startsWith("https://") };
}

/** The policy for HTML pages. Development adds 'unsafe-eval' (React's dev tools need it). */
export function pagePolicy(nonce: string, settings: SecuritySettings): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${settings.production ? "" : " 'unsafe-eval'"}`,
    `style-src 'self'${settings.production ? "" : " 'unsafe-inline'"}`,
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(settings.https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** The API docs page: scripts only from our own files (it has no inline script), Swagger UI's data: images. */
export const docsPolicy =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** JSON APIs load nothing and may not be framed. */
export const apiPolicy = "default-src 'none'; frame-ancestors 'none'";

export function commonHeaders(settings: SecuritySettings): Record<string, string> {
  return {
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-frame-options": "DENY",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "cross-origin-opener-policy": "same-origin",
    ...(settings.production && settings.https ? { "strict-transport-security": "max-age=63072000; includeSubDomains" } : {}),
  };
}
