/**
 * One delivery attempt, run by an endpoint's worker: sign, send, record the attempt, and decide what follows.
 * A failed attempt with tries left throws, and pg-boss retries it with backoff; the last one marks the
 * delivery FAILED. 410 Gone disables the endpoint at once; so does failing on every attempt for longer than
 * WEBHOOK_DISABLE_AFTER_HOURS. What is stored and logged never includes a secret.
 */
import type { Db } from "../db";
import type { Logger } from "../logger";
import type { Metrics } from "../observability/metrics";
import type { ReceiverClient } from "./post";
import { signedHeaders } from "./signing";

export interface DeliveryDeps {
  db: Db;
  client: ReceiverClient;
  disableAfterHours: number;
  now?: () => Date;
  metrics?: Metrics;
  logger?: Logger;
}

export type AttemptResult = "delivered" | "retry" | "failed" | "skipped";

/** Thrown for pg-boss to retry the job; the message is the attempt's error, safe to log. */
export class DeliveryFailedError extends Error {
  override name = "DeliveryFailedError";
}

/**
 * Attempts `deliveryId`. `lastTry`: no retry follows a failure (the job's retries are used up, or it is a
 * single try). Throws DeliveryFailedError when a retry should follow.
 */
export async function attemptDelivery(deps: DeliveryDeps, deliveryId: string, lastTry: boolean): Promise<AttemptResult> {
  const now = deps.now ?? (() => new Date());
  const delivery = await deps.db.webhookDelivery.findUnique({ where: { id: deliveryId }, include: { endpoint: true } });
  // Gone with its endpoint, or already delivered (a manual retry got there first): nothing to do.
  if (!delivery || delivery.status === "SUCCEEDED") return "skipped";
  const endpoint = delivery.endpoint;
  if (!endpoint.enabled) {
    await deps.db.webhookDelivery.update({ where: { id: delivery.id }, data: { status: "FAILED" } });
    return "skipped";
  }
  const at = now();
  const headers = signedHeaders(endpoint, delivery.eventId, delivery.body, at);
  const outcome = await deps.client.post(endpoint.url, headers, delivery.body);
  const gone = outcome.statusCode === 410;
  const failingSince = outcome.ok ? null : (endpoint.failingSince ?? at);
  const failingTooLong = failingSince !== null && at.getTime() - failingSince.getTime() >= deps.disableAfterHours * 3_600_000;
  const disabledReason = gone
    ? "the receiver answered 410 Gone"
    : failingTooLong
      ? `every attempt failed since ${failingSince.toISOString()}`
      : null;
  const final = outcome.ok || lastTry || disabledReason !== null;
  await deps.db.$transaction([
    deps.db.webhookAttempt.create({
      data: {
        deliveryId: delivery.id,
        at,
        durationMs: outcome.durationMs,
        statusCode: outcome.statusCode,
        responseExcerpt: outcome.responseExcerpt,
        error: outcome.error ?? (outcome.ok ? null : `HTTP ${outcome.statusCode}`),
      },
    }),
    deps.db.webhookDelivery.update({
      where: { id: delivery.id },
      data: { attemptCount: { increment: 1 }, lastAttemptAt: at, status: outcome.ok ? "SUCCEEDED" : final ? "FAILED" : "PENDING" },
    }),
    deps.db.webhookEndpoint.update({
      where: { id: endpoint.id },
      data: { failingSince, ...(disabledReason ? { enabled: false, disabledReason } : {}) },
    }),
  ]);
  deps.metrics?.webhookAttempts.inc({
    outcome: outcome.ok
      ? "delivered"
      : outcome.statusCode !== null
        ? "http_error"
        : outcome.error.startsWith("address refused")
          ? "refused"
          : "network_error",
  });
  if (disabledReason) deps.logger?.warn("webhook endpoint disabled", { endpointId: endpoint.id, reason: disabledReason });
  if (outcome.ok) return "delivered";
  if (final) return "failed";
  throw new DeliveryFailedError(outcome.error ?? `HTTP ${outcome.statusCode}`);
}
