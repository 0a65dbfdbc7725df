/**
 * The job runner (src/server/jobs/runner.ts) over the test file's database, with test settings: loopback
 * receivers allowed, 2 s receiver timeout, 1 s first retry, no email unless a mailer is passed, silent logs.
 */
import type { JobSettings, WebhookSettings } from "../../src/server/config";
import { getDatabase } from "../../src/server/db";
import { startJobRunner, type JobRunner, type JobRunnerOptions } from "../../src/server/jobs/runner";
import { silentLogger } from "../../src/server/logger";
import { getMetrics } from "../../src/server/observability/metrics";

export const testJobSettings: JobSettings = {
  maintenanceSeconds: 60,
  lateAfterSeconds: 300,
  eventRetentionDays: 30,
  idempotencyKeyHours: 24,
  abandonedCartDays: 30,
  webhookDeliveryRetentionDays: 30,
};

export const testWebhookSettings: WebhookSettings = {
  timeoutMs: 2_000,
  disableAfterHours: 120,
  allowLocalhost: true,
  retryDelaySeconds: 1,
};

type Overrides = Partial<Omit<JobRunnerOptions, "jobs" | "webhooks">> & {
  jobs?: Partial<JobSettings>;
  webhooks?: Partial<WebhookSettings>;
};

export function startTestJobRunner(overrides: Overrides = {}): Promise<JobRunner> {
  const { jobs, webhooks, ...rest } = overrides;
  return startJobRunner({
    handle: getDatabase(),
    mailer: null,
    logger: silentLogger,
    metrics: getMetrics(),
    ...rest,
    jobs: { ...testJobSettings, ...jobs },
    webhooks: { ...testWebhookSettings, ...webhooks },
  });
}
