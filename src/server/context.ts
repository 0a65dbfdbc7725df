import { randomUUID } from "node:crypto";
import type { FetchCreateContextFnOptions } from "@trpc/server/adapters/fetch";
import { loadServerConfig } from "./config";
import { getDatabase, type Db } from "./db";
import { createLogger, type Logger } from "./logger";

/** Who is calling. Filled in by the identity work (next-auth session or API key); null is a guest. */
export type Session = null;

export interface InnerContextOptions {
  db: Db;
  logger?: Logger;
  requestId?: string;
  session?: Session;
}

/** The context without any HTTP: what tests pass to `createCaller`. */
export function createInnerContext(opts: InnerContextOptions) {
  const requestId = opts.requestId ?? randomUUID();
  return {
    db: opts.db,
    requestId,
    session: opts.session ?? null,
    logger: (opts.logger ?? createLogger("silent")).child({ requestId }),
  };
}

export type Context = ReturnType<typeof createInnerContext>;

const requestIdPattern = /^[A-Za-z0-9._-]{1,128}$/;

/** Accepts a caller's X-Request-Id when it is safe to log and echo, otherwise makes one. */
export function requestIdFrom(headers: Headers): string {
  const given = headers.get("x-request-id");
  return given && requestIdPattern.test(given) ? given : randomUUID();
}

let rootLogger: Logger | undefined;
export function getLogger(): Logger {
  rootLogger ??= createLogger(loadServerConfig().logLevel);
  return rootLogger;
}

/** The fetch adapter's context: reads the request and builds the inner context. */
export function createContext({ req }: FetchCreateContextFnOptions): Context {
  return createInnerContext({
    db: getDatabase().db,
    logger: getLogger(),
    requestId: requestIdFrom(req.headers),
    session: null,
  });
}
