import { headers } from "next/headers";

/**
 * The shop's public origin for absolute URLs (canonical links, Open Graph, the sitemap): AUTH_URL, which
 * production sets; otherwise (development, the embedded default) the origin the request came to.
 */
export async function siteOrigin(): Promise<string> {
  const configured = process.env.AUTH_URL;
  if (configured) return new URL(configured).origin;
  const incoming = await headers();
  const host = incoming.get("host") ?? "localhost:3000";
  const proto = incoming.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https" ? "https" : "http";
  return `${proto}://${host}`;
}
