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
import path from "node:path";

// As `next start` does: this is the production server. Set before Next.js is loaded.
(process.env as Record<string, string | undefined>).NODE_ENV ??= "production";
process.env.NEXT_TELEMETRY_DISABLED ??= "1";

async function main() {
  const { listenAddress, serve } = await import("./lib/node-server");
  const { default: next } = await import("next");
  const address = listenAddress();
  const app = next({
    dev: false,
    dir: path.resolve(import.meta.dirname, ".."),
    hostname: address.hostname ?? "localhost",
    port: address.port,
  });
  const handle = app.getRequestHandler();
  await app.prepare();
  serve((req, res) => handle(req, res), address);
}

main().catch((error: unknown) => {
  process.stderr.write(`error: ${(error as Error).message ?? String(error)}\n`);
  process.exit(1);
});
