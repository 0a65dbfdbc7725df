/**
 * A dedicated background worker (`npm run worker`): the job runner of src/server/jobs without the web
 * server. In production run app instances with WORKER_MODE=web and as many of these as the queue needs
 * (docs/jobs.md). SIGTERM or SIGINT: workers finish the jobs they hold (15 s at most), then it exits 0.
 */
import { existsSync } from "node:fs";

if (existsSync(".env")) process.loadEnvFile(".env");
(process.env as Record<string, string | undefined>).NODE_ENV ??= "production";

async function main() {
  const { verifyStartup } = await import("../src/server/startup");
  const { startProcessJobRunner } = await import("../src/server/jobs/process-runner");
  const { runShutdownHooks } = await import("../src/server/lifecycle");
  const { getLogger } = await import("../src/server/logger");
  await verifyStartup();
  await startProcessJobRunner();
  const logger = getLogger();
  logger.info("worker started");
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info("worker stopping", { signal });
    const failures = await runShutdownHooks();
    for (const failure of failures) logger.error("closing failed", { resource: failure.name, error: failure.error });
    setTimeout(() => process.exit(failures.length ? 1 : 0), 50);
  };
  process.on("SIGTERM", (signal) => void stop(signal));
  process.on("SIGINT", (signal) => void stop(signal));
}

main().catch((error: unknown) => {
  process.stderr.write(`error: ${(error as Error).message ?? String(error)}\n`);
  process.exit(1);
});
