import { createLogger, type Logger } from "../../src/server/logger";

/** A real logger (pino, redaction, scrubbing) writing into memory, for tests that read the log output. */
export function captureLogs(level: "debug" | "info" = "debug"): { logger: Logger; text(): string; lines(): Record<string, unknown>[] } {
  const chunks: string[] = [];
  const logger = createLogger({ level, format: "json", destination: { write: (chunk: string) => void chunks.push(chunk) } });
  return {
    logger,
    text: () => chunks.join(""),
    lines: () =>
      chunks
        .join("")
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
