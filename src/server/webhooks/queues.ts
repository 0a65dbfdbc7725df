/**
 * Each endpoint's deliveries wait in a pg-boss queue of its own: one worker per endpoint per process takes
 * them in order, so a receiver that sleeps 10 s on every call delays its own deliveries and nobody else's.
 * The queue is created and deleted in the same transaction as its endpoint.
 */
import type { DbClient } from "../db";
import { writeJobs } from "../jobs/queue";

/** Attempts after the first, with pg-boss's exponential backoff from WEBHOOK_RETRY_DELAY_SECONDS (docs/webhooks.md has the schedule). */
export const DELIVERY_RETRY_LIMIT = 14;

export function deliveryQueue(endpointId: string): string {
  return `webhook-${endpointId}`;
}

export function endpointOfQueue(queue: string): string | null {
  return queue.startsWith("webhook-") ? queue.slice("webhook-".length) : null;
}

/** The job a delivery waits as; `retryLimit: 0` for a single try ("retry now", pings). */
export interface DeliveryJob {
  deliveryId: string;
}

/** Creates the endpoint's queue inside `db`'s transaction (pg-boss's own function, as its createQueue calls it). */
export async function createDeliveryQueue(
  db: DbClient,
  endpointId: string,
  timing: { leaseSeconds: number; retryDelaySeconds: number },
): Promise<void> {
  const options = {
    policy: "standard",
    retryLimit: DELIVERY_RETRY_LIMIT,
    retryDelay: timing.retryDelaySeconds,
    retryBackoff: true,
    expireInSeconds: timing.leaseSeconds,
    retentionMinutes: 60 * 24 * 14,
  };
  await db.$executeRaw`SELECT pgboss.create_queue(${deliveryQueue(endpointId)}, ${JSON.stringify(options)}::json)`;
}

/** Drops the endpoint's queue and every job still in it. */
export async function deleteDeliveryQueue(db: DbClient, endpointId: string): Promise<void> {
  // The queue's jobs first: pg-boss 10's delete_queue fails on a queue that still holds jobs (their
  // foreign key to the queue restricts the delete).
  await db.$executeRaw`DELETE FROM pgboss.job WHERE name = ${deliveryQueue(endpointId)}`;
  await db.$executeRaw`SELECT pgboss.delete_queue(${deliveryQueue(endpointId)})`;
}

/** Queues one delivery in `db`'s transaction: with the endpoint's retries, or a single try (`retry now`, pings). */
export async function queueDelivery(db: DbClient, endpointId: string, deliveryId: string, options: { singleTry: boolean }): Promise<void> {
  const job = {
    name: deliveryQueue(endpointId),
    data: { deliveryId } satisfies DeliveryJob,
    ...(options.singleTry ? { retryLimit: 0 } : {}),
  };
  await writeJobs(db, [job]);
}
