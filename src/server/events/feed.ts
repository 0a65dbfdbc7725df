/**
 * Reading the outbox in an order that never skips. Sequence numbers are taken when rows are written, not
 * when their transactions commit: a reader that took seq 6 while the transaction holding seq 5 was still
 * open would pass 5 for ever. So readers take only events of transactions that have finished — those whose
 * id is below the oldest transaction still running (`pg_snapshot_xmin`) — in (txid, seq) order. Any event that
 * becomes visible later belongs to a transaction at or above that bound, so it sorts after every event
 * already read. The cost: an event waits for every transaction that started before its own to finish.
 */
import type { DbClient } from "../db";

/**
 * The channel the `Event_notify` trigger notifies when a transaction that wrote events commits (migration
 * 20261203160000_event_notify): readers in every process (realtime streams, the webhook relay) wake on it.
 */
export const EVENTS_CHANNEL = "stockroom_events";

/** Events with a `txid` below this were written by transactions that have all finished. */
export async function finishedTransactionsBefore(db: DbClient): Promise<bigint> {
  const [row] = await db.$queryRaw<{ xmin: string }[]>`SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin`;
  return BigInt(row!.xmin);
}

/** Where a reader stands in the feed: the last event it has read. */
export interface FeedPosition {
  txid: bigint;
  seq: bigint;
}

/** The events after `position` in (txid, seq) order, as a Prisma `where` (the REST feed's cursor, the webhook relay). */
export function eventsAfter(position: FeedPosition) {
  return { OR: [{ txid: { gt: position.txid } }, { txid: position.txid, seq: { gt: position.seq } }] };
}
