/**
 * The process's reader of the outbox for realtime streams: one reader and one listening connection however
 * many streams are open. Woken by the database's notification when events commit (in any process: the
 * `Event_notify` trigger), it reads the events after its position, in the feed's order (../events/feed.ts),
 * and hands each to every stream of this process; each stream keeps what its subscriber may see.
 *
 * An event of a transaction that committed while an older one was still running is held back by the feed's
 * rule; the reader then looks again shortly (25 ms doubling to 1 s) rather than waiting for the next
 * notification. A slow poll (every `safetyPollMs`) covers a notification lost while the connection was down.
 */
import type { DatabaseHandle } from "../db";
import { shareNotifications, type NotificationListener } from "../db/notifications";
import type { EventType } from "../events/catalog";
import { EVENTS_CHANNEL, eventsAfter, finishedTransactionsBefore, type FeedPosition } from "../events/feed";
import type { Logger } from "../logger";
import type { Metrics } from "../observability/metrics";

/** An event as streams see it. `position` orders it in the feed. */
export interface LiveEvent {
  id: string;
  position: FeedPosition;
  type: EventType;
  version: number;
  at: Date;
  subjectId: string | null;
  data: Record<string, unknown>;
}

/** A stream's seat at the hub. `push` gets every event after the hub's position at `join`, in order. */
export interface HubSeat {
  /** The hub's position when the seat was taken: the stream's own events start after it. */
  readonly joinedAt: FeedPosition;
  leave(): void;
}

export interface HubMember {
  push(event: LiveEvent): void;
  /** The hub is closing (shutdown) or the member fell too far behind: the stream must end. */
  end(reason: "draining" | "overflow"): void;
}

export interface EventHubOptions {
  handle: Pick<DatabaseHandle, "db" | "target" | "pglite">;
  logger: Logger;
  metrics: Metrics;
  /** Streams this process holds at most, and per user (or API key, or guest address). */
  maxStreams: number;
  maxStreamsPerKey: number;
  safetyPollMs?: number;
}

export class StreamLimitError extends Error {
  constructor(
    readonly scope: "process" | "key",
    readonly limit: number,
  ) {
    super(scope === "process" ? `This server holds its maximum of ${limit} live streams` : `At most ${limit} live streams at once`);
  }
}

const PAGE = 500;

export function rowToLiveEvent(row: {
  id: string;
  txid: bigint;
  seq: bigint;
  type: string;
  version: number;
  at: Date;
  subjectId: string | null;
  payload: unknown;
}): LiveEvent {
  return {
    id: row.id,
    position: { txid: row.txid, seq: row.seq },
    type: row.type as EventType,
    version: row.version,
    at: row.at,
    subjectId: row.subjectId,
    data: row.payload as Record<string, unknown>,
  };
}

/** a before b in the feed's order. */
export function isBefore(a: FeedPosition, b: FeedPosition): boolean {
  return a.txid < b.txid || (a.txid === b.txid && a.seq < b.seq);
}

/** The position of the last event of a finished transaction: a reader starting there misses nothing later. */
export async function currentFeedPosition(db: DatabaseHandle["db"]): Promise<FeedPosition> {
  const before = await finishedTransactionsBefore(db);
  const last = await db.event.findFirst({
    where: { txid: { lt: before } },
    orderBy: [{ txid: "desc" }, { seq: "desc" }],
    select: { txid: true, seq: true },
  });
  return last ?? { txid: 0n, seq: 0n };
}

export class EventHub {
  private position: FeedPosition;
  private readonly members = new Set<HubMember>();
  private readonly perKey = new Map<string, number>();
  private listener: NotificationListener | null = null;
  private running = false;
  private again = false;
  private closed = false;
  private heldBackDelayMs = 25;
  private heldBackTimer: NodeJS.Timeout | null = null;
  private readonly safetyTimer: NodeJS.Timeout;

  private constructor(
    private readonly options: EventHubOptions,
    start: FeedPosition,
  ) {
    this.position = start;
    this.safetyTimer = setInterval(() => this.members.size && this.wake(), options.safetyPollMs ?? 5_000);
    this.safetyTimer.unref();
  }

  static async open(options: EventHubOptions): Promise<EventHub> {
    const hub = new EventHub(options, await currentFeedPosition(options.handle.db));
    hub.listener = await shareNotifications(options.handle, EVENTS_CHANNEL, () => hub.wake(), {
      onError: (error) => options.logger.warn("realtime: event notifications interrupted; reconnecting", { error: error.message }),
    });
    return hub;
  }

  get openStreams(): number {
    return this.members.size;
  }

  /** Takes a seat for `member`, counted against `key`'s limit; throws StreamLimitError when full. */
  join(key: string, member: HubMember): HubSeat {
    if (this.closed) throw new StreamLimitError("process", 0);
    if (this.members.size >= this.options.maxStreams) throw new StreamLimitError("process", this.options.maxStreams);
    const held = this.perKey.get(key) ?? 0;
    if (held >= this.options.maxStreamsPerKey) throw new StreamLimitError("key", this.options.maxStreamsPerKey);
    this.perKey.set(key, held + 1);
    this.members.add(member);
    this.options.metrics.realtimeStreams.set(this.members.size);
    let left = false;
    return {
      joinedAt: this.position,
      leave: () => {
        if (left) return;
        left = true;
        this.members.delete(member);
        const count = (this.perKey.get(key) ?? 1) - 1;
        if (count > 0) this.perKey.set(key, count);
        else this.perKey.delete(key);
        this.options.metrics.realtimeStreams.set(this.members.size);
      },
    };
  }

  /** Reads what committed since the last pass (one pass at a time; a wake during a pass runs another). */
  wake(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.pass().finally(() => {
      this.running = false;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  }

  private async pass(): Promise<void> {
    try {
      for (;;) {
        const before = await finishedTransactionsBefore(this.options.handle.db);
        const rows = await this.options.handle.db.event.findMany({
          where: eventsAfter(this.position),
          orderBy: [{ txid: "asc" }, { seq: "asc" }],
          take: PAGE,
        });
        const ready = rows.findIndex((row) => row.txid >= before);
        const deliverable = ready === -1 ? rows : rows.slice(0, ready);
        for (const row of deliverable) {
          const event = rowToLiveEvent(row);
          this.position = event.position;
          for (const member of this.members) member.push(event);
        }
        if (ready !== -1) return this.lookAgainSoon();
        this.heldBackDelayMs = 25;
        if (rows.length < PAGE) return;
      }
    } catch (error) {
      this.options.logger.warn("realtime: reading the outbox failed; trying again", { error: (error as Error).message });
      this.lookAgainSoon();
    }
  }

  private lookAgainSoon(): void {
    if (this.heldBackTimer || this.closed) return;
    this.heldBackTimer = setTimeout(() => {
      this.heldBackTimer = null;
      this.wake();
    }, this.heldBackDelayMs);
    this.heldBackDelayMs = Math.min(this.heldBackDelayMs * 2, 1_000);
  }

  /** Ends every stream (they reconnect elsewhere and resume): the process is draining. */
  endAll(): void {
    for (const member of [...this.members]) member.end("draining");
  }

  async close(): Promise<void> {
    this.closed = true;
    this.endAll();
    clearInterval(this.safetyTimer);
    if (this.heldBackTimer) clearTimeout(this.heldBackTimer);
    await this.listener?.close();
  }
}
