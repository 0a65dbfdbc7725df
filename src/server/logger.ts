/**
 * Structured logs: pino, one JSON object per line (pretty-printed in development). Secrets and personal
 * data never reach the output: known fields are redacted by name, and every line is scrubbed for things
 * that look like credentials (API keys, bearer tokens, session cookies, passwords in URLs) before it is
 * written, so a secret inside an error message is caught too.
 */
import { createRequire } from "node:module";
import pino, { type DestinationStream } from "pino";
import { getServerConfig, type LogLevel } from "./config";
import { processSingleton } from "./process-singleton";

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

/** Field names whose values are never written, at the first two levels of a log object (deeper ones are scrubbed by shape). */
const secretFields = [
  "password",
  "newPassword",
  "currentPassword",
  "passwordHash",
  "secret",
  "token",
  "apiKey",
  "authorization",
  "cookie",
  "email",
  "idempotencyKey",
];
// Each wildcard level multiplies the work done for every line; the line scrub below catches deeper secrets.
const redactPaths = secretFields.flatMap((f) => [f, `*.${f}`]);

/** Shapes of secrets, wherever they appear in a line (a message, an error, a URL). */
const secretPatterns: [RegExp, string][] = [
  [/\bsk_(live|test)_[A-Za-z0-9_-]{8,}/g, "sk_$1_[redacted]"],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, "$1 [redacted]"],
  [/((?:__Secure-|__Host-)?authjs\.[a-z-]+-token(?:\.\d+)?=)[^;\s"]+/g, "$1[redacted]"],
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^:/@\s"]+:)[^@\s"]+@/gi, "$1[redacted]@"],
];

export function scrubSecrets(line: string): string {
  let out = line;
  for (const [pattern, replacement] of secretPatterns) out = out.replace(pattern, replacement);
  return out;
}

export interface LoggerOptions {
  level: LogLevel;
  format?: "json" | "pretty";
  /** Where lines go (tests capture them); default stdout. */
  destination?: DestinationStream;
  base?: Record<string, unknown>;
}

export function createLogger(options: LoggerOptions): Logger {
  const destination =
    options.destination ?? (options.format === "pretty" ? prettyStream() : undefined) ?? pino.destination({ sync: false });
  const instance = pino(
    {
      level: options.level,
      base: options.base ?? {},
      messageKey: "msg",
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { error: pino.stdSerializers.errWithCause, err: pino.stdSerializers.errWithCause },
      redact: { paths: redactPaths, censor: "[redacted]" },
      hooks: { streamWrite: scrubSecrets },
    },
    destination,
  );
  return wrap(instance);
}

function wrap(instance: pino.Logger): Logger {
  return {
    debug: (msg, fields) => instance.debug(fields ?? {}, msg),
    info: (msg, fields) => instance.info(fields ?? {}, msg),
    warn: (msg, fields) => instance.warn(fields ?? {}, msg),
    error: (msg, fields) => instance.error(fields ?? {}, msg),
    child: (fields) => wrap(instance.child(fields)),
  };
}

/** pino-pretty, when installed (a development dependency); JSON lines otherwise. */
function prettyStream(): DestinationStream | undefined {
  try {
    const require = createRequire(import.meta.url);
    const pretty = require("pino-pretty") as (options: object) => DestinationStream;
    return pretty({ sync: true, colorize: process.stdout.isTTY, ignore: "pid,hostname", translateTime: "HH:MM:ss.l" });
  } catch {
    return undefined;
  }
}

/** A logger that writes nothing (tests that do not look at logs). */
export const silentLogger: Logger = createLogger({ level: "silent", destination: { write: () => {} } });

const processLogger = processSingleton<Logger>("logger");

/** The process's logger, at LOG_LEVEL and LOG_FORMAT. */
export function getLogger(): Logger {
  return processLogger.get(() => {
    const config = getServerConfig();
    return createLogger({ level: config.logLevel, format: config.logFormat });
  });
}

/** Replaces the process's logger (tests that read the log output). */
export function setLogger(logger: Logger | undefined): void {
  processLogger.set(logger);
}
