/**
 * What the production server does with the socket (scripts/server.ts, with Next.js or --api-only):
 * record the connection's peer in X-Forwarded-For (decision 010), count requests in flight, and
 * on SIGTERM/SIGINT drain them, close the app's pools and exit.
 */
import { randomUUID } from "node:crypto";
import http from "node:http";
import { parseArgs } from "node:util";
import { getServerConfig } from "../../src/server/config";
import { beginDraining, runShutdownHooks } from "../../src/server/lifecycle";
import { getLogger } from "../../src/server/logger";
import { getMetrics } from "../../src/server/observability/metrics";
import { apiPolicy, commonHeaders, securitySettings } from "../../src/server/security-headers";

export type NodeHandler = (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>;

/**
 * `-p`/`--port` (or PORT, default 3000), `-H`/`--hostname` and `--api-only` (scripts/server.ts); one line
 * and exit 1 when malformed.
 */
export function listenAddress(argv = process.argv.slice(2)): { port: number; hostname: string | undefined; apiOnly: boolean } {
  let values: { port?: string; hostname?: string; "api-only"?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { port: { type: "string", short: "p" }, hostname: { type: "string", short: "H" }, "api-only": { type: "boolean" } },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`error: ${(error as Error).message} (use -p <port>, -H <hostname>, --api-only)\n`);
    process.exit(1);
  }
  const raw = values.port ?? process.env.PORT ?? "3000";
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65_535) {
    process.stderr.write(`error: port must be a number from 0 to 65535 (got ${raw})\n`);
    process.exit(1);
  }
  return { port, hostname: values.hostname, apiOnly: values["api-only"] ?? false };
}

/** Serves `handle` until a signal, then shuts down gracefully. */
export function serve(handle: NodeHandler, { port, hostname }: { port: number; hostname: string | undefined }): http.Server {
  const logger = getLogger();
  let inFlight = 0;
  let idle: (() => void) | null = null;
  const config = getServerConfig();
  // A client that is slow to send its headers or its request is cut off with 408 (Node answers it, checking
  // every second): a connection dribbling a body a byte at a time cannot hold a socket for minutes.
  const timeouts = { headersTimeout: config.headersTimeoutMs, requestTimeout: config.requestTimeoutMs, connectionsCheckingInterval: 1_000 };
  const server = http.createServer(timeouts, (req, res) => {
    // A path that is not valid percent-encoded UTF-8 would be Next.js's bare 500: answered here, in the envelope.
    if (!decodablePath(req.url ?? "/")) return answerMalformedUrl(req, res);
    // The peer that connected to us, appended as a proxy would (see src/server/client-info.ts for who is believed).
    const peer = req.socket.remoteAddress;
    if (peer) {
      const chain = req.headers["x-forwarded-for"];
      req.headers["x-forwarded-for"] = chain ? `${Array.isArray(chain) ? chain.join(", ") : chain}, ${peer}` : peer;
    }
    inFlight += 1;
    getMetrics().httpInFlight.inc();
    res.once("close", () => {
      inFlight -= 1;
      getMetrics().httpInFlight.dec();
      if (inFlight === 0) idle?.();
    });
    // A handler's own failure must not become an unhandled rejection that ends the process.
    Promise.resolve(handle(req, res)).catch((error: unknown) => {
      logger.error("request failed", { error, url: req.url });
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" }).end("Internal Server Error");
      else res.destroy();
    });
  });

  let stopping = false;
  async function stop(signal: NodeJS.Signals) {
    if (stopping) {
      logger.warn("second signal: exiting now", { signal, inFlight });
      process.exit(1);
    }
    stopping = true;
    const { shutdownTimeoutMs } = getServerConfig();
    const started = Date.now();
    logger.info("shutting down: no new connections, finishing requests in flight", { signal, inFlight, timeoutMs: shutdownTimeoutMs });
    beginDraining();
    server.close();
    server.closeIdleConnections();
    const finished = await new Promise<boolean>((resolve) => {
      if (inFlight === 0) return resolve(true);
      const timer = setTimeout(() => resolve(false), shutdownTimeoutMs);
      idle = () => {
        clearTimeout(timer);
        resolve(true);
      };
    });
    if (!finished) logger.warn("shutdown timeout: closing requests still in flight", { inFlight });
    server.closeAllConnections();
    const failures = await runShutdownHooks();
    for (const failure of failures) logger.error("closing failed", { resource: failure.name, error: failure.error });
    logger.info("shutdown complete", { durationMs: Date.now() - started, requestsCut: finished ? 0 : inFlight });
    // Give the asynchronous log destination a moment to write the last lines.
    setTimeout(() => process.exit(failures.length || !finished ? 1 : 0), 50);
  }
  process.on("SIGTERM", (signal) => void stop(signal));
  process.on("SIGINT", (signal) => void stop(signal));

  server.listen(port, hostname, () => {
    const address = server.address();
    const shown =
      typeof address === "object" && address
        ? `${address.address.includes(":") ? `[${address.address}]` : address.address}:${address.port}`
        : String(port);
    logger.info("listening", { address: shown });
  });
  return server;
}

function decodablePath(url: string): boolean {
  const path = url.split("?")[0]!;
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

/** The API-only server's answer to anything that is not one of its routes (pages are not served). */
export function answerNotFound(req: http.IncomingMessage, res: http.ServerResponse): void {
  res.writeHead(404, {
    "content-type": "application/json",
    "cache-control": "no-store",
    "content-security-policy": apiPolicy,
    ...commonHeaders(securitySettings()),
  });
  res.end(JSON.stringify({ error: "Not found: this server runs with --api-only and serves the API (/api/trpc, /api/v1) but no pages" }));
  getMetrics().httpRequests.inc({ route: "(not found)", method: req.method ?? "GET", status: "404" });
}

/** 400 with the REST error envelope and the API's security headers, logged like any API request. */
function answerMalformedUrl(req: http.IncomingMessage, res: http.ServerResponse) {
  const requestId = randomUUID();
  const body = JSON.stringify({
    data: null,
    meta: { requestId, timestamp: new Date().toISOString(), apiVersion: "v1" },
    errors: [{ code: "MALFORMED_URL", message: "The URL's path is not valid percent-encoded UTF-8" }],
  });
  res.writeHead(400, {
    "content-type": "application/json",
    "x-request-id": requestId,
    "cache-control": "no-store",
    "content-security-policy": apiPolicy,
    ...commonHeaders(securitySettings()),
  });
  res.end(body);
  getMetrics().httpRequests.inc({ route: "(malformed url)", method: req.method ?? "GET", status: "400" });
  getLogger().info("request", { requestId, method: req.method, route: "(malformed url)", status: 400, durationMs: 0 });
}
