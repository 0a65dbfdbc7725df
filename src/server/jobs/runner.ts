/**
 * The background worker (docs/jobs.md): pg-boss started over the app's database, the scheduled clean-ups,
 * the outbox relay, and one delivery worker per enabled webhook endpoint. It runs inside the web process
 * (WORKER_MODE=all, the default) or alone (`npm run worker`, WORKER_MODE=worker).
 *
 * Nothing here is lost when the process dies: a job taken by a worker killed mid-way is failed back into
 * its queue when its lease (expireInSeconds) runs out, and the relay's position moves only in the
 * transaction that wrote the deliveries.
 */
import { moveSalesWindow } from "../orders/sales-window";
import type { DatabaseHandle } from "../db/client";
import type { JobSettings, WebhookSettings } from "../config";
import { shareNotifications } from "../db/notifications";
import { EVENTS_CHANNEL } from "../events/feed";
import { onEventsCommitted } from "../events/signal";
import type { Logger } from "../logger";
import type { Metrics } from "../observability/metrics";
import type { Resolver } from "../webhooks/address-guard";
import { attemptDeliveries } from "../webhooks/deliver";
import { receiverClient } from "../webhooks/post";
import { deliveryQueue, endpointOfQueue, type DeliveryJob } from "../webhooks/queues";
import { relayEvents } from "../webhooks/relay";
import { expireIdempotencyKeys, pruneEvents, pruneWebhookDeliveries, removeAbandonedCarts } from "./maintenance";
import { openJobQueue, type JobQueue } from "./queue";
import { orderEmail } from "../mail/order-emails";
import { emailQueues } from "../mail/queue-email";
import type { Mailer } from "../mail/transport";
import type PgBoss from "pg-boss";

export interface JobRunnerOptions {
  handle: DatabaseHandle;
  jobs: JobSettings;
  webhooks: WebhookSettings;
  logger: Logger;
  metrics: Metrics;
  /** Where customer emails go; null: none are sent (production without SMTP_URL). */
  mailer: Mailer | null;
  /** Host name resolution for receivers (tests play hostile DNS with their own). */
  resolver?: Resolver;
  now?: () => Date;
  /** How often the relay looks for events when nothing woke it (ms). */
  relayPollMs?: number;
  /** The least time between the starts of two relay passes (ms): under a stream of commits, one pass takes many events. */
  relayMinGapMs?: number;
  /** How often the set of enabled endpoints is re-read (ms). */
  endpointSyncMs?: number;
}

export interface JobRunner {
  queue: JobQueue;
  /** Runs a relay pass now (events were committed in this process). */
  wake(): void;
  /** Re-reads the endpoints and wakes this endpoint's worker (a delivery was queued by hand). */
  wakeEndpoint(endpointId: string): void;
  /** Resolves once the relay has read everything committed so far and queued its deliveries (tests, bench). */
  drained(): Promise<void>;
  stop(): Promise<void>;
}

/** A scheduled clean-up: its queue, when it runs (cron, UTC), and what it does. */
interface ScheduledJob {
  name: string;
  cron: string;
  run(options: JobRunnerOptions, now: Date): Promise<number>;
}

export const scheduledJobs: ScheduledJob[] = [
  { name: "maintenance-prune-events", cron: "17 3 * * *", run: (o, now) => pruneEvents(o.handle.db, now, o.jobs.eventRetentionDays) },
  {
    name: "maintenance-expire-idempotency-keys",
    cron: "*/15 * * * *",
    run: (o, now) => expireIdempotencyKeys(o.handle.db, now, o.jobs.idempotencyKeyHours),
  },
  {
    name: "maintenance-remove-abandoned-carts",
    cron: "37 3 * * *",
    run: (o, now) => removeAbandonedCarts(o.handle.db, now, o.jobs.abandonedCartDays),
  },
  {
    name: "maintenance-prune-webhook-deliveries",
    cron: "47 3 * * *",
    run: (o, now) => pruneWebhookDeliveries(o.handle.db, now, o.jobs.webhookDeliveryRetentionDays),
  },
  // The best sellers' window follows the database's clock (UTC days), not the worker's.
  { name: "maintenance-move-sales-window", cron: "1 0 * * *", run: (o) => moveSalesWindow(o.handle.db) },
];

/** Deliveries a worker takes at once (in order), and so the lease each job gets (expireInSeconds). */
const DELIVERY_BATCH = 10;

/** How long a delivery job may stay taken before it goes back to the queue (a worker that died). */
export function deliveryLeaseSeconds(webhooks: WebhookSettings): number {
  return Math.ceil((DELIVERY_BATCH * (webhooks.timeoutMs + 1_000)) / 1_000) + 10;
}

export async function startJobRunner(options: JobRunnerOptions): Promise<JobRunner> {
  const { handle, logger, metrics } = options;
  const now = options.now ?? (() => new Date());
  const queue = openJobQueue(handle, { maintenanceSeconds: options.jobs.maintenanceSeconds, supervise: true });
  queue.on("error", (error: Error & { queue?: string }) => logger.error("job queue error", { queue: error.queue, error: error.message }));
  queue.on("monitor-states", (states: PgBoss.MonitorStates) => recordStates(metrics, states));
  await queue.start();

  // Their queues come from a migration (20261203150000_maintenance_queues): created here, two workers starting
  // together deadlocked in pgboss.create_queue.
  for (const job of scheduledJobs) {
    await queue.schedule(job.name, job.cron, {}, { tz: "UTC" });
    await queue.work(job.name, async ([taken]) => {
      try {
        const changed = await job.run(options, now());
        metrics.jobRuns.inc({ queue: job.name, outcome: "completed" });
        logger.info("scheduled job done", { job: job.name, jobId: taken!.id, changed });
      } catch (error) {
        metrics.jobRuns.inc({ queue: job.name, outcome: "retried" });
        logger.error("job failed", { job: job.name, jobId: taken!.id, error: (error as Error).message });
        throw error;
      }
    });
  }

  for (const kind of ["placed", "shipped"] as const) {
    const name = emailQueues[kind];
    await queue.work<{ orderId: string }>(name, async ([job]) => {
      const { mailer } = options;
      try {
        const mail = mailer ? await orderEmail(handle.db, job!.data.orderId, kind) : null;
        if (mailer && mail) await mailer.send(mail);
        metrics.jobRuns.inc({ queue: name, outcome: "completed" });
      } catch (error) {
        metrics.jobRuns.inc({ queue: name, outcome: "retried" });
        logger.error("job failed", { job: name, jobId: job!.id, error: (error as Error).message });
        throw error;
      }
    });
  }

  const client = receiverClient({
    timeoutMs: options.webhooks.timeoutMs,
    allowLoopback: options.webhooks.allowLocalhost,
    resolver: options.resolver,
  });
  const deliveryDeps = { db: handle.db, client, disableAfterHours: options.webhooks.disableAfterHours, now, metrics, logger };

  // One worker per enabled endpoint: endpoint id -> pg-boss worker id.
  const endpointWorkers = new Map<string, string>();
  let stopping = false;

  async function deliverBatch(queueName: string, jobs: PgBoss.JobWithMetadata<DeliveryJob>[]): Promise<void> {
    const tasks = jobs.map((job) => ({ jobId: job.id, deliveryId: job.data.deliveryId, lastTry: job.retryCount >= job.retryLimit }));
    try {
      const outcome = await attemptDeliveries(deliveryDeps, tasks);
      if (outcome.done.length) await queue.complete(queueName, outcome.done);
      for (const { jobId, error } of outcome.retry) {
        // A receiver's failure is expected (its attempt is recorded): a warning, with the job's id.
        logger.warn("job failed", { job: queueName, jobId, error, retry: true });
        await queue.fail(queueName, jobId, { message: error });
      }
      metrics.jobRuns.inc({ queue: "webhook", outcome: "completed" }, outcome.done.length);
      metrics.jobRuns.inc({ queue: "webhook", outcome: "retried" }, outcome.retry.length);
    } catch (error) {
      // Not the receiver: the database or a bug. Every job of the batch is tried again later.
      const message = (error as Error).message;
      logger.error("job failed", { job: queueName, jobIds: tasks.map((t) => t.jobId), error: message });
      metrics.jobRuns.inc({ queue: "webhook", outcome: "retried" }, tasks.length);
      for (const { jobId } of tasks) await queue.fail(queueName, jobId, { message }).catch(() => undefined);
    }
  }

  async function syncEndpointWorkers(): Promise<void> {
    const enabled = await handle.db.webhookEndpoint.findMany({ where: { enabled: true }, select: { id: true } });
    const wanted = new Set(enabled.map((e) => e.id));
    for (const [endpointId, workerId] of endpointWorkers) {
      if (wanted.has(endpointId)) continue;
      endpointWorkers.delete(endpointId);
      await queue.offWork({ id: workerId });
    }
    for (const endpointId of wanted) {
      if (endpointWorkers.has(endpointId) || stopping) continue;
      const name = deliveryQueue(endpointId);
      const workerId = await queue.work<DeliveryJob>(
        name,
        { batchSize: DELIVERY_BATCH, includeMetadata: true, pollingIntervalSeconds: 2 },
        async (jobs) => {
          await deliverBatch(name, jobs);
          // A full batch means more are probably waiting: fetch again at once rather than after the poll interval.
          if (jobs.length === DELIVERY_BATCH) queue.notifyWorker(workerId);
        },
      );
      endpointWorkers.set(endpointId, workerId);
    }
  }

  // The relay: a pass when any process commits events (this one's signal, or the notification), every
  // relayPollMs otherwise.
  const relayPollMs = options.relayPollMs ?? 250;
  // Waking on every commit's notification would run a pass per checkout, each a transaction competing with
  // the checkouts themselves (measured: half the checkout throughput); passes at most every 100 ms batch them.
  const relayMinGapMs = options.relayMinGapMs ?? 100;
  let lastPassAt = 0;
  let wakeRelay: (() => void) | null = null;
  let relayRequested = false;
  let idleWaiters: (() => void)[] = [];
  let failures = 0;
  const relayLoop = (async () => {
    while (!stopping) {
      const sinceLast = Date.now() - lastPassAt;
      if (sinceLast < relayMinGapMs && !stopping) await new Promise((resolve) => setTimeout(resolve, relayMinGapMs - sinceLast));
      relayRequested = false;
      lastPassAt = Date.now();
      try {
        const pass = await relayEvents(handle.db);
        failures = 0;
        if (pass.endpointIds.some((id) => !endpointWorkers.has(id))) await syncEndpointWorkers();
        for (const id of pass.endpointIds) {
          const workerId = endpointWorkers.get(id);
          if (workerId) queue.notifyWorker(workerId);
        }
        if (pass.ran && pass.events > 0) continue; // there may be more
        if (pass.ran && !relayRequested) {
          for (const resolve of idleWaiters) resolve();
          idleWaiters = [];
        }
      } catch (error) {
        failures += 1;
        if (failures === 1 || failures % 20 === 0)
          logger.error("webhook relay failed; retrying", { error: (error as Error).message, failures });
      }
      if (stopping || relayRequested) continue;
      // Backs off while the database fails (PostgreSQL restarting): 0.5 s, 1 s, 2 s ... 30 s at most.
      const waitMs = failures ? Math.min(30_000, relayPollMs * 2 ** Math.min(failures - 1, 6)) : relayPollMs;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, waitMs);
        wakeRelay = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wakeRelay = null;
    }
  })();

  const wake = () => {
    relayRequested = true;
    wakeRelay?.();
  };
  const unsubscribe = onEventsCommitted(wake);
  // Events committed by other processes (web instances, when this is a worker) wake the relay at once too.
  const notifications = await shareNotifications(handle, EVENTS_CHANNEL, wake, {
    onError: (error) => logger.warn("webhook relay: event notifications interrupted; reconnecting", { error: error.message }),
  });
  await syncEndpointWorkers();
  const syncTimer = setInterval(() => {
    syncEndpointWorkers().catch((error: Error) => logger.error("webhook endpoint sync failed", { error: error.message }));
  }, options.endpointSyncMs ?? 5_000);
  syncTimer.unref();

  return {
    queue,
    wake,
    wakeEndpoint(endpointId) {
      void syncEndpointWorkers()
        .then(() => {
          const workerId = endpointWorkers.get(endpointId);
          if (workerId) queue.notifyWorker(workerId);
        })
        .catch((error: Error) => logger.error("webhook endpoint sync failed", { error: error.message }));
    },
    drained: () =>
      new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        wake();
      }),
    async stop() {
      stopping = true;
      unsubscribe();
      await notifications.close();
      clearInterval(syncTimer);
      wakeRelay?.();
      await relayLoop;
      await queue.stop({ graceful: true, timeout: 15_000, wait: true });
      await client.close();
      options.mailer?.close();
    },
  };
}

/** pg-boss's per-queue counts into stockroom_jobs{queue,state}; endpoint queues add up under "webhook". */
function recordStates(metrics: Metrics, states: PgBoss.MonitorStates): void {
  const totals = new Map<string, Record<string, number>>();
  for (const [name, counts] of Object.entries(states.queues ?? {})) {
    if (name.startsWith("__pgboss")) continue;
    const label = endpointOfQueue(name) ? "webhook" : name;
    const total = totals.get(label) ?? {};
    for (const state of ["created", "retry", "active", "failed"] as const) total[state] = (total[state] ?? 0) + (counts[state] ?? 0);
    totals.set(label, total);
  }
  metrics.jobs.reset();
  for (const [queueName, counts] of totals)
    for (const [state, value] of Object.entries(counts)) metrics.jobs.set({ queue: queueName, state }, value);
}
