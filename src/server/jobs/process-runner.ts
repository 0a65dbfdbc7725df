/**
 * The process's job runner, when this process runs one (WORKER_MODE all or worker). Started by
 * src/instrumentation.ts or scripts/worker.ts, stopped by the shutdown hooks.
 */
import { getServerConfig } from "../config";
import { getDatabase } from "../db";
import { onShutdown } from "../lifecycle";
import { getLogger } from "../logger";
import { openMailer } from "../mail/transport";
import { getMetrics } from "../observability/metrics";
import { processSingleton } from "../process-singleton";
import { startJobRunner, type JobRunner } from "./runner";

const runner = processSingleton<Promise<JobRunner>>("jobRunner");

export function startProcessJobRunner(): Promise<JobRunner> {
  return runner.get(() => {
    const config = getServerConfig();
    const logger = getLogger();
    const mailer = openMailer(config.mail, config.production);
    if (mailer) logger.info("customer emails", { to: mailer.description });
    else logger.warn("no SMTP_URL: customer emails (order placed, order shipped) are not sent");
    const started = startJobRunner({
      handle: getDatabase(),
      jobs: config.jobs,
      webhooks: config.webhooks,
      mailer,
      logger,
      metrics: getMetrics(),
    });
    onShutdown(
      "jobs",
      async () => {
        runner.set(undefined);
        await (await started).stop();
      },
      "work",
    );
    return started;
  });
}

/** Wakes this process's worker for an endpoint, if it runs one (others find the job at their next poll). */
export function wakeEndpointWorker(endpointId: string): void {
  void runner.peek()?.then((r) => r.wakeEndpoint(endpointId));
}
