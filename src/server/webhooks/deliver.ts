/**
 * Delivery attempts, run by an endpoint's worker a batch at a time: sign and send each in order, then record
 * every attempt and outcome in one transaction. A failed attempt with tries left is handed back for pg-boss
 * to retry with backoff; the last one marks the delivery FAILED. 410 Gone disables the endpoint at once (the
 * rest of the batch is not sent); so does failing on every attempt for longer than WEBHOOK_DISABLE_AFTER_HOURS.
 * What is stored and logged never includes a secret.
 */
import type { Db } from "../db";
import type { Logger } from "../logger";
import type { Metrics } from "../observability/metrics";
import type { AttemptOutcome, ReceiverClient } from "./post";
import { signedHeaders } from "./signing";

export interface DeliveryDeps {
  db: Db;
  client: ReceiverClient;
  disableAfterHours: number;
  now?: () => Date;
  metrics?: Metrics;
  logger?: Logger;
}

/** One job of the batch: its delivery, and whether a failure may still be retried. */
export interface DeliveryTask {
  jobId: string;
  deliveryId: string;
  lastTry: boolean;
}

export interface BatchOutcome {
  /** Jobs that are finished: delivered, failed for good, skipped. */
  done: string[];
  /** Jobs to retry later, with the attempt's error. */
  retry: { jobId: string; error: string }[];
}

/** Sends an endpoint's batch in order. Every task is in `done` or `retry`. */
export async function attemptDeliveries(deps: DeliveryDeps, tasks: DeliveryTask[]): Promise<BatchOutcome> {
  const now = deps.now ?? (() => new Date());
  const rows = await deps.db.webhookDelivery.findMany({
    where: { id: { in: tasks.map((t) => t.deliveryId) } },
    include: { endpoint: true },
  });
  const byId = new Map(rows.map((row) => [row.id, row]));
  const outcome: BatchOutcome = { done: [], retry: [] };
  const endpoint = rows[0]?.endpoint;
  if (!endpoint) return { done: tasks.map((t) => t.jobId), retry: [] }; // gone with their endpoint

  const attempts: { deliveryId: string; at: Date; result: AttemptOutcome }[] = [];
  const status = { SUCCEEDED: [] as string[], FAILED: [] as string[], PENDING: [] as string[] };
  let failingSince = endpoint.failingSince;
  let disabledReason: string | null = null;
  for (const task of tasks) {
    const delivery = byId.get(task.deliveryId);
    // Gone, or already delivered (a manual retry got there first): nothing to send.
    if (!delivery || delivery.status === "SUCCEEDED") {
      outcome.done.push(task.jobId);
      continue;
    }
    if (!endpoint.enabled || disabledReason) {
      status.FAILED.push(delivery.id);
      outcome.done.push(task.jobId);
      continue;
    }
    const at = now();
    const result = await deps.client.post(endpoint.url, signedHeaders(endpoint, delivery.eventId, delivery.body, at), delivery.body);
    attempts.push({ deliveryId: delivery.id, at, result });
    deps.metrics?.webhookAttempts.inc({ outcome: attemptLabel(result) });
    if (result.ok) {
      failingSince = null;
      status.SUCCEEDED.push(delivery.id);
      outcome.done.push(task.jobId);
      continue;
    }
    failingSince ??= at;
    if (result.statusCode === 410) disabledReason = "the receiver answered 410 Gone";
    else if (at.getTime() - failingSince.getTime() >= deps.disableAfterHours * 3_600_000) {
      disabledReason = `every attempt failed since ${failingSince.toISOString()}`;
    }
    if (task.lastTry || disabledReason) {
      status.FAILED.push(delivery.id);
      outcome.done.push(task.jobId);
    } else {
      status.PENDING.push(delivery.id);
      outcome.retry.push({ jobId: task.jobId, error: result.error ?? `HTTP ${result.statusCode}` });
    }
  }

  const attempted = new Set(attempts.map((a) => a.deliveryId));
  const lastAttemptAt = attempts.at(-1)?.at ?? now();
  await deps.db.$transaction([
    deps.db.webhookAttempt.createMany({
      data: attempts.map(({ deliveryId, at, result }) => ({
        deliveryId,
        at,
        durationMs: result.durationMs,
        statusCode: result.statusCode,
        responseExcerpt: result.responseExcerpt,
        error: result.error ?? (result.ok ? null : `HTTP ${result.statusCode}`),
      })),
    }),
    ...(["SUCCEEDED", "FAILED", "PENDING"] as const).flatMap((to) => {
      const tried = status[to].filter((id) => attempted.has(id));
      const untried = status[to].filter((id) => !attempted.has(id));
      return [
        ...(tried.length
          ? [
              deps.db.webhookDelivery.updateMany({
                where: { id: { in: tried } },
                data: { status: to, attemptCount: { increment: 1 }, lastAttemptAt },
              }),
            ]
          : []),
        ...(untried.length ? [deps.db.webhookDelivery.updateMany({ where: { id: { in: untried } }, data: { status: to } })] : []),
      ];
    }),
    deps.db.webhookEndpoint.update({
      where: { id: endpoint.id },
      data: { failingSince, ...(disabledReason ? { enabled: false, disabledReason } : {}) },
    }),
  ]);
  if (disabledReason) deps.logger?.warn("webhook endpoint disabled", { endpointId: endpoint.id, reason: disabledReason });
  return outcome;
}

function attemptLabel(result: AttemptOutcome): string {
  if (result.ok) return "delivered";
  if (result.statusCode !== null) return "http_error";
  return result.error.startsWith("address refused") ? "refused" : "network_error";
}
