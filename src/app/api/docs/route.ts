export const dynamic = "force-static";

/**
 * Human docs for /api/v1: Swagger UI rendering /api/v1/openapi.json, every file served by the app itself
 * (./assets), nothing from a CDN, no inline script.
 */
const page = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Stockroom API v1</title>
    <link rel="stylesheet" href="/api/docs/assets/swagger-ui.css">
  </head>
  <body>
    <main id="api-docs" aria-label="Stockroom API reference"></main>
    <script src="/api/docs/assets/swagger-ui-bundle.js"></script>
    <script src="/api/docs/assets/init.js"></script>
  </body>
</html>
`;

export function GET() {
  return new Response(page, { headers: { "content-type": "text/html; charset=utf-8", "cache-control": "public, max-age=300" } });
}
