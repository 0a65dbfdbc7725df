/**
 * The outbox relay: turns committed events into deliveries. One pass, in one transaction, reads events after
 * the relay's position in the feed's order (../events/feed.ts), writes a delivery row and its job for every
 * enabled endpoint that asked for the type, and moves the position. Either all of that commits or none of
 * it does, so each event reaches each endpoint's queue exactly once. An advisory lock keeps passes of
 * several processes from overlapping (the others return at once).
 */
import { randomBytes } from "node:crypto";
import type { Db } from "../db";
import { eventsAfter, finishedTransactionsBefore } from "../events/feed";
import { orderedJobId } from "../jobs/job-id";
import { writeJobs } from "../jobs/queue";
import { webhookBody } from "./body";
import { deliveryQueue, type DeliveryJob } from "./queues";

const CONSUMER = "webhooks";

export function newDeliveryId(): string {
  return `whd_${randomBytes(12).toString("base64url")}`;
}

export interface RelayPass {
  /** False when another process held the relay: nothing was read. */
  ran: boolean;
  events: number;
  /** Endpoints that got deliveries (their workers may be woken). */
  endpointIds: string[];
}

export async function relayEvents(db: Db, options: { batch?: number } = {}): Promise<RelayPass> {
  const batch = options.batch ?? 200;
  return db.$transaction(async (tx) => {
    const [lock] = await tx.$queryRaw<
      { locked: boolean }[]
    >`SELECT pg_try_advisory_xact_lock(hashtext('stockroom.webhook-relay')) AS locked`;
    if (!lock?.locked) return { ran: false, events: 0, endpointIds: [] };
    const position = (await tx.eventConsumer.findUnique({ where: { name: CONSUMER } })) ?? { txid: 0n, seq: 0n };
    const events = await tx.event.findMany({
      where: {
        txid: { lt: await finishedTransactionsBefore(tx) },
        ...eventsAfter(position),
      },
      orderBy: [{ txid: "asc" }, { seq: "asc" }],
      take: batch,
    });
    const last = events.at(-1);
    if (!last) return { ran: true, events: 0, endpointIds: [] };
    const endpoints = await tx.webhookEndpoint.findMany({
      where: { enabled: true },
      select: { id: true, eventTypes: true, createdAt: true },
    });
    const deliveries = events.flatMap((event) =>
      endpoints
        // An endpoint gets what happened after it was registered, not the history before it.
        .filter((endpoint) => endpoint.eventTypes.includes(event.type) && event.at >= endpoint.createdAt)
        .map((endpoint) => ({
          id: newDeliveryId(),
          endpointId: endpoint.id,
          eventId: event.id,
          eventType: event.type,
          body: webhookBody({
            id: event.id,
            type: event.type,
            version: event.version,
            timestamp: event.at.toISOString(),
            data: event.payload,
          }),
        })),
    );
    if (deliveries.length) {
      await tx.webhookDelivery.createMany({ data: deliveries });
      const jobs = deliveries.map((d) => ({
        id: orderedJobId(),
        name: deliveryQueue(d.endpointId),
        data: { deliveryId: d.id } satisfies DeliveryJob,
      }));
      await writeJobs(tx, jobs);
    }
    await tx.eventConsumer.upsert({
      where: { name: CONSUMER },
      create: { name: CONSUMER, txid: last.txid, seq: last.seq },
      update: { txid: last.txid, seq: last.seq },
    });
    return { ran: true, events: events.length, endpointIds: [...new Set(deliveries.map((d) => d.endpointId))] };
  });
}
