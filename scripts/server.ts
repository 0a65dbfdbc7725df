/**
 * The production server (`npm start`): Next.js's request handler behind a node:http server of our own,
 * for two things `next start` cannot do (decision 010):
 *
 * 1. The client's address. `next start` only fills X-Forwarded-For when the client sent none, so a client
 *    can name any address and escape per-address rate limits. Here the connection's peer is appended to
 *    the chain, as a proxy does, and src/server/client-info.ts believes only the entries written by us and
 *    by the TRUSTED_PROXY_HOPS proxies in front.
 * 2. Graceful shutdown. On SIGTERM or SIGINT: readiness (/api/health) answers 503, the listener closes,
 *    requests in flight finish (SHUTDOWN_TIMEOUT_MS at most), then the database pool and Redis are closed
 *    and the process exits 0. A second signal exits at once.
 *
 * Usage: tsx scripts/server.ts [-p <port>] [-H <host>]   (PORT is read too; default 3000 on every interface)
 */
import http from "node:http";
import path from "node:path";

// As `next start` does: this is the production server. Set before Next.js is loaded.
(process.env as Record<string, string | undefined>).NODE_ENV ??= "production";
process.env.NEXT_TELEMETRY_DISABLED ??= "1";

function option(names: string[], fallback: string | undefined): string | undefined {
  const args = process.argv.slice(2);
  const at = args.findIndex((a) => names.includes(a));
  return at >= 0 ? args[at + 1] : fallback;
}

async function main() {
  const port = Number(option(["-p", "--port"], process.env.PORT ?? "3000"));
  const hostname = option(["-H", "--hostname"], undefined);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    process.stderr.write(`error: port must be a number from 0 to 65535 (got ${option(["-p", "--port"], process.env.PORT)})\n`);
    process.exit(1);
  }
  const { default: next } = await import("next");
  const { getLogger } = await import("../src/server/logger");
  const { beginDraining, runShutdownHooks } = await import("../src/server/lifecycle");
  const { getServerConfig } = await import("../src/server/config");

  const app = next({ dev: false, dir: path.resolve(import.meta.dirname, ".."), hostname: hostname ?? "localhost", port });
  const handle = app.getRequestHandler();
  await app.prepare();
  const logger = getLogger();

  let inFlight = 0;
  let idle: (() => void) | null = null;
  const server = http.createServer((req, res) => {
    // The peer that connected to us, appended as a proxy would (see client-info.ts for who is believed).
    const peer = req.socket.remoteAddress;
    if (peer) {
      const chain = req.headers["x-forwarded-for"];
      req.headers["x-forwarded-for"] = chain ? `${Array.isArray(chain) ? chain.join(", ") : chain}, ${peer}` : peer;
    }
    inFlight += 1;
    res.once("close", () => {
      inFlight -= 1;
      if (inFlight === 0) idle?.();
    });
    void handle(req, res);
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
    const shown = typeof address === "object" && address ? `${address.address.includes(":") ? `[${address.address}]` : address.address}:${address.port}` : String(port);
    logger.info("listening", { address: shown });
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`error: ${(error as Error).message ?? String(error)}\n`);
  process.exit(1);
});
