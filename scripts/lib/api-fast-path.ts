/**
 * The API fast path (decision 022): requests for a route under src/app/api are answered by calling that
 * route handler module directly, without Next.js's router, proxy and render pipeline in front (about 2 ms
 * of CPU per request on this project's machines, docs/performance.md). What Next.js would have added is
 * added here from the same sources: next.config.js's headers, the route's params, HEAD/OPTIONS/405 as
 * Next.js's route modules answer them, a NextRequest, the request aborted when its client leaves.
 * Anything that matches no API route is not handled here (the caller hands it to Next.js, or answers 404).
 */
import type http from "node:http";
import path from "node:path";
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { NextRequest } from "next/server";
import { loadApiRoutes, matchApiRoute, methodHandler, HTTP_METHODS } from "./api-routes";
import { loadConfigHeaders } from "./config-headers";

export type FastPath = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void> | false;

const methods = new Set<string>(HTTP_METHODS);

/** Loads src/app/api's route modules and next.config.js's headers; returns the request handler. */
export async function createApiFastPath(root: string): Promise<FastPath> {
  const { routes, modules } = await loadApiRoutes(path.join(root, "src", "app"));
  const headersFor = await loadConfigHeaders(path.join(root, "next.config.js"));

  function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> | false {
    const rawUrl = req.url ?? "/";
    const query = rawUrl.indexOf("?");
    const pathname = query === -1 ? rawUrl : rawUrl.slice(0, query);
    // Only what a route handler of ours answers: other paths and methods Next.js does not route are Next.js's.
    if (!pathname.startsWith("/api/") || !methods.has(req.method ?? "")) return false;
    const matched = matchApiRoute(routes, pathname);
    if (!matched) return false;
    const handler = methodHandler(modules.get(matched.route)!, req.method!);
    return serveRoute(req, res, handler, matched.params, headersFor(pathname));
  }
  return handle;
}

async function serveRoute(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  handler: ReturnType<typeof methodHandler>,
  params: Record<string, string | string[]>,
  configHeaders: Record<string, string>,
): Promise<void> {
  let response: Response;
  try {
    response = await handler(toRequest(req, res), { params: Promise.resolve(params) });
  } catch (error) {
    // Our handlers answer their own errors; this is a bug's last stop, answered as Next.js would (bare 500).
    const { getLogger } = await import("../../src/server/logger");
    getLogger().error("request failed", { error, url: req.url });
    response = new Response("Internal Server Error", { status: 500 });
  }
  const headers: Record<string, string | string[]> = { ...configHeaders };
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) headers["set-cookie"] = cookies;
  if (!response.body || req.method === "HEAD") {
    void response.body?.cancel();
    if (!res.destroyed) res.writeHead(response.status, headers).end();
    return;
  }
  // A JSON or HTML answer is read whole and written at once, with its length: a web stream piped into a
  // Node stream costs more per request than a cached answer itself. An event stream (a subscription) is
  // piped as it comes: it never ends.
  if (!response.headers.get("content-type")?.startsWith("text/event-stream")) {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await response.arrayBuffer());
    } catch {
      return void res.destroy();
    }
    if (res.destroyed) return;
    headers["content-length"] = String(bytes.byteLength);
    res.writeHead(response.status, headers).end(bytes);
    return;
  }
  if (res.destroyed) return void response.body.cancel();
  res.writeHead(response.status, headers);
  const body = Readable.fromWeb(response.body as NodeReadableStream);
  body.once("error", () => res.destroy());
  res.once("close", () => body.destroy());
  body.pipe(res);
}

/** The Request a route handler sees: Next.js's NextRequest, body streamed, aborted when the client leaves. */
function toRequest(req: http.IncomingMessage, res: http.ServerResponse): NextRequest {
  // From Node's parsed headers, as Next.js takes them (a repeated Authorization or Host: the first one), and
  // with the client's address chain as scripts/lib/node-server.ts completed it (decision 010).
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    // Node has already refused headers that are not valid HTTP; Headers is stricter about a few values.
    try {
      if (typeof value === "string") headers.set(name, value);
      else for (const v of value) headers.append(name, v);
    } catch {
      // Left out, as undici would refuse to send it.
    }
  }
  const gone = new AbortController();
  // Only a client that left early aborts: an abort makes a DOMException with its stack, on every request
  // if done unconditionally (about 3% of a warm request's CPU in the profile).
  res.once("close", () => {
    if (!res.writableFinished) gone.abort();
  });
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new NextRequest(requestUrl(req), {
    method: req.method,
    headers,
    signal: gone.signal,
    ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream, duplex: "half" } : {}),
  });
}

/** The request's absolute URL from its Host header, as Next.js builds it; a Host that is not one is localhost. */
function requestUrl(req: http.IncomingMessage): string {
  const host = req.headers.host;
  const url = `http://${host ?? "localhost"}${req.url ?? "/"}`;
  if (host && URL.canParse(url) && /^[\w.:[\]-]+$/.test(host)) return url;
  return `http://localhost${req.url ?? "/"}`;
}
