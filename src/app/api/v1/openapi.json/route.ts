import { buildOpenApiDocument } from "@/server/rest/document";

export const dynamic = "force-dynamic";

// Generated from the procedures once per process: it only changes with a deploy.
let body: string | null = null;

/** The OpenAPI 3.1 document of /api/v1, generated from the procedures (never edited by hand). */
export function GET() {
  body ??= JSON.stringify(buildOpenApiDocument());
  return new Response(body, { headers: { "content-type": "application/json; charset=utf-8", "cache-control": "public, max-age=300" } });
}
