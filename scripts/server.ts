/**
 * The production server (`npm start`; decisions 010 and 022): one process, one port.
 *
 * - `/api/*` requests that a route handler under src/app/api answers go straight to that module, the API
 *   fast path (scripts/lib/api-fast-path.ts): no Next.js router in front, same handlers, same headers.
 * - Everything else (pages, assets, server components, unknown paths) goes to Next.js's request handler.
 * - `--api-only` (`npm run start:api`) leaves Next.js out: no pages, and it needs no build.
 * - API_FAST_PATH=off sends the API through Next.js too (the parity tests compare both; a way back if the
 *   fast path ever misbehaves).
 *
 * Around both (scripts/lib/node-server.ts): the client's address appended to X-Forwarded-For as a proxy
 * does, graceful shutdown on SIGTERM/SIGINT.
 *
 * Usage: tsx scripts/server.ts [-p <port>] [-H <host>] [--api-only]   (PORT is read too; default 3000)
 */
import path from "node:path";

// As `next start` does: this is the production server. Set before Next.js is loaded.
(process.env as Record<string, string | undefined>).NODE_ENV ??= "production";
process.env.NEXT_TELEMETRY_DISABLED ??= "1";

const root = path.resolve(import.meta.dirname, "..");

async function main() {
  const { answerNotFound, listenAddress, serve } = await import("./lib/node-server");
  const address = listenAddress();
  const fastPathOn = process.env.API_FAST_PATH !== "off";
  if (!["on", "off", undefined].includes(process.env.API_FAST_PATH)) throw new Error("API_FAST_PATH must be on or off");
  if (address.apiOnly && !fastPathOn) throw new Error("--api-only serves the API through the fast path: leave API_FAST_PATH on");

  let nextHandle: ((req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => Promise<void>) | null = null;
  if (address.apiOnly) {
    // Next.js would run src/instrumentation.ts: the start-up checks and, with WORKER_MODE=all, the job runner.
    process.env.NEXT_RUNTIME ??= "nodejs";
    const { register } = await import("../src/instrumentation");
    await register();
  } else {
    const { default: next } = await import("next");
    const app = next({ dev: false, dir: root, hostname: address.hostname ?? "localhost", port: address.port });
    nextHandle = app.getRequestHandler();
    await app.prepare();
  }

  const api = fastPathOn ? await (await import("./lib/api-fast-path")).createApiFastPath(root) : () => false as const;
  serve((req, res) => api(req, res) || (nextHandle ? nextHandle(req, res) : answerNotFound(req, res)), address);
}

main().catch((error: unknown) => {
  process.stderr.write(`error: ${(error as Error).message ?? String(error)}\n`);
  process.exit(1);
});
