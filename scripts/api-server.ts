/**
 * The API-only server (optional; decision 014): the same route handlers as the Next.js app, for
 * `/api/trpc`, `/api/v1` (REST and its document), `/api/auth`, `/api/health`, `/api/metrics`, served by
 * node:http without Next.js's router in front. For deployments that give integrators and mobile clients
 * their own instances: the web app's pages stay on `npm start`. Same settings, same security headers,
 * same client addresses and graceful shutdown (scripts/lib/node-server.ts), and the same background jobs
 * (WORKER_MODE, docs/jobs.md).
 *
 * Usage: npm run start:api -- [-p <port>] [-H <host>]
 */
import type http from "node:http";
import { Readable } from "node:stream";

(process.env as Record<string, string | undefined>).NODE_ENV ??= "production";

type Handler = (req: Request) => Response | Promise<Response>;
type Methods = Partial<Record<string, Handler>>;

async function main() {
  const { listenAddress, serve } = await import("./lib/node-server");
  const { verifyStartup } = await import("../src/server/startup");
  const { apiPolicy, commonHeaders, securitySettings } = await import("../src/server/security-headers");
  const trpc = (await import("../src/app/api/trpc/[trpc]/route")) as unknown as Methods;
  const rest = (await import("../src/app/api/v1/[...path]/route")) as unknown as Methods;
  const openapi = (await import("../src/app/api/v1/openapi.json/route")) as unknown as Methods;
  const auth = (await import("../src/app/api/auth/[...nextauth]/route")) as unknown as Methods;
  const health = (await import("../src/app/api/health/route")) as unknown as Methods;
  const live = (await import("../src/app/api/health/live/route")) as unknown as Methods;
  const metrics = (await import("../src/app/api/metrics/route")) as unknown as Methods;
  const { NextRequest } = await import("next/server");

  await verifyStartup();
  // Like `npm start` (src/instrumentation.ts): with WORKER_MODE=all (the default) this process runs the jobs too.
  const { getServerConfig } = await import("../src/server/config");
  if (getServerConfig().workerMode === "all") {
    const { startProcessJobRunner } = await import("../src/server/jobs/process-runner");
    await startProcessJobRunner();
  }
  const address = listenAddress();
  const security = { "content-security-policy": apiPolicy, ...commonHeaders(securitySettings()) };

  /** The route handler module for a path, as the app router would pick it. */
  function routeFor(pathname: string): Methods | null {
    if (pathname.startsWith("/api/trpc/")) return trpc;
    if (pathname === "/api/v1/openapi.json") return openapi;
    if (pathname.startsWith("/api/v1/") || pathname === "/api/v1") return rest;
    if (pathname.startsWith("/api/auth/")) return auth;
    if (pathname === "/api/health") return health;
    if (pathname === "/api/health/live") return live;
    if (pathname === "/api/metrics") return metrics;
    return null;
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = `http://${req.headers.host ?? "localhost"}${req.url ?? "/"}`;
    const route = routeFor(new URL(url).pathname);
    const handler = route?.[req.method ?? "GET"];
    let response: Response;
    if (!handler) {
      response = Response.json(
        { error: route ? "Method not allowed" : "Not found: this server serves the API only (/api/trpc, /api/v1)" },
        { status: route ? 405 : 404 },
      );
    } else {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (typeof value === "string") headers.set(name, value);
        else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
      }
      const hasBody = req.method !== "GET" && req.method !== "HEAD";
      // The client going away aborts the request, as in Next.js: a live stream's handler stops at once.
      const gone = new AbortController();
      res.once("close", () => gone.abort());
      // Auth.js reads `nextUrl` and cookies the Next.js way; everyone else takes a plain Request.
      const request = new NextRequest(url, {
        method: req.method,
        headers,
        signal: gone.signal,
        ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream, duplex: "half" } : {}),
      });
      try {
        response = await handler(request);
      } catch (error) {
        const { getLogger } = await import("../src/server/logger");
        getLogger().error("request failed", { error, url: req.url });
        response = Response.json({ error: "Internal error" }, { status: 500 });
      }
    }
    const headers: Record<string, string | string[]> = { ...security };
    response.headers.forEach((value, name) => {
      if (name === "set-cookie") return;
      headers[name] = value;
    });
    const cookies = response.headers.getSetCookie();
    if (cookies.length) headers["set-cookie"] = cookies;
    res.writeHead(response.status, headers);
    if (!response.body) return void res.end();
    // Streamed, not buffered: a subscription's event stream never ends by itself.
    const body = Readable.fromWeb(response.body as import("node:stream/web").ReadableStream);
    body.once("error", () => res.destroy());
    res.once("close", () => body.destroy());
    body.pipe(res);
  }

  serve(handle, address);
}

main().catch((error: unknown) => {
  process.stderr.write(`error: ${(error as Error).message ?? String(error)}\n`);
  process.exit(1);
});
