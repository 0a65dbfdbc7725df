/**
 * One subscriber's stream of events: what it missed since `lastEventId` (read from the outbox), then what
 * the hub hands on as it commits, each event once and in the feed's order. The subscription procedures
 * (src/server/routers/…/live.handler.ts) wrap it, choosing which events their subscriber may see.
 *
 * The stream ends with an error the client acts on:
 * - SERVICE_UNAVAILABLE (`SERVER_RESTARTING`, `STREAM_BEHIND`): the tRPC client reconnects, to this or another
 *   instance, and resumes from the last event it got; nothing is missed or repeated.
 * - UNAUTHORIZED (`SESSION_ENDED`): the session or key was revoked; checked before each event and at every
 *   keep-alive, so a revoked subscriber hears nothing more.
 * - TOO_MANY_REQUESTS (`TOO_MANY_STREAMS`): over the per-user or per-process limit; not retried.
 */
import type { DbClient } from "../db";
import { appError } from "../errors";
import { eventsAfter, type FeedPosition } from "../events/feed";
import type { Metrics } from "../observability/metrics";
import { isBefore, rowToLiveEvent, StreamLimitError, type EventHub, type LiveEvent } from "./hub";

export interface LiveStreamOptions {
  hub: EventHub;
  db: DbClient;
  metrics: Metrics;
  /** The procedure, for the metrics. */
  procedure: string;
  /** Whose streams this counts against: `user:<id>`, `key:<id>` or the guest's address. */
  limitKey: string;
  /** The id of the last event the client got (`tracked()` id), when it reconnects. */
  lastEventId?: string | null;
  /** Whether the subscriber may see this event. */
  accept(event: LiveEvent): boolean;
  /** Whether the subscriber's session or key still holds; false ends the stream. */
  stillAllowed(): Promise<boolean>;
  /** How often `stillAllowed` runs while no event comes (ms). */
  recheckMs: number;
  /** The request's signal: the client went away. */
  signal?: AbortSignal;
  /** Events held for a subscriber that does not read them; beyond, its stream ends and it resumes later. */
  maxBuffered?: number;
}

const REPLAY_PAGE = 200;

export async function* liveEvents(options: LiveStreamOptions): AsyncGenerator<LiveEvent, void> {
  const { metrics, signal } = options;
  const maxBuffered = options.maxBuffered ?? 1_000;
  const buffered: LiveEvent[] = [];
  let ended: "draining" | "overflow" | null = null;
  let wakeUp: (() => void) | null = null;
  const wake = () => {
    const resolve = wakeUp;
    wakeUp = null;
    resolve?.();
  };
  let seat;
  try {
    seat = options.hub.join(options.limitKey, {
      push(event) {
        if (ended || !options.accept(event)) return;
        if (buffered.length >= maxBuffered) ended = "overflow";
        else buffered.push(event);
        wake();
      },
      end(reason) {
        ended ??= reason;
        wake();
      },
    });
  } catch (error) {
    if (!(error instanceof StreamLimitError)) throw error;
    metrics.realtimeRefusals.inc({ reason: "limit" });
    throw appError("TOO_MANY_REQUESTS", "TOO_MANY_STREAMS", `${error.message}: close another tab or window first`, {
      limit: error.limit,
    });
  }
  signal?.addEventListener("abort", wake);
  let timer: NodeJS.Timeout | null = null;
  try {
    // Everything after the client's last event up to the hub's position at joining comes from the outbox;
    // everything after it, from the hub. `last` skips what a client that resumed ahead of this hub already has.
    let last: FeedPosition = seat.joinedAt;
    if (options.lastEventId) {
      const from = await options.db.event.findUnique({ where: { id: options.lastEventId }, select: { txid: true, seq: true } });
      metrics.realtimeResumptions.inc({ outcome: from ? "resumed" : "unknown" });
      if (from) {
        let cursor: FeedPosition = from;
        const upTo = seat.joinedAt;
        const notAfterJoin = { OR: [{ txid: { lt: upTo.txid } }, { txid: upTo.txid, seq: { lte: upTo.seq } }] };
        for (;;) {
          const rows = await options.db.event.findMany({
            where: {
              AND: [eventsAfter(cursor), notAfterJoin],
            },
            orderBy: [{ txid: "asc" }, { seq: "asc" }],
            take: REPLAY_PAGE,
          });
          for (const row of rows) {
            const event = rowToLiveEvent(row);
            cursor = event.position;
            if (!options.accept(event)) continue;
            if (!(await options.stillAllowed())) throw sessionEnded(metrics);
            metrics.realtimeEventsSent.inc({ procedure: options.procedure });
            yield event;
            if (signal?.aborted) return;
          }
          if (rows.length < REPLAY_PAGE) break;
        }
        if (isBefore(seat.joinedAt, from)) last = from;
      }
    }
    for (;;) {
      if (signal?.aborted) return;
      if (ended === "draining") {
        metrics.realtimeRefusals.inc({ reason: "draining" });
        throw appError("SERVICE_UNAVAILABLE", "SERVER_RESTARTING", "This server is restarting: reconnect to resume");
      }
      if (ended === "overflow") {
        metrics.realtimeRefusals.inc({ reason: "behind" });
        throw appError("SERVICE_UNAVAILABLE", "STREAM_BEHIND", "This stream fell behind: reconnect to resume");
      }
      const event = buffered.shift();
      if (!event) {
        const timedOut = await new Promise<boolean>((resolve) => {
          wakeUp = () => resolve(false);
          timer = setTimeout(() => resolve(true), options.recheckMs);
        });
        if (timer) clearTimeout(timer);
        wakeUp = null;
        if (timedOut && !(await options.stillAllowed())) throw sessionEnded(metrics);
        continue;
      }
      if (!isBefore(last, event.position)) continue;
      if (!(await options.stillAllowed())) throw sessionEnded(metrics);
      last = event.position;
      metrics.realtimeEventsSent.inc({ procedure: options.procedure });
      yield event;
    }
  } finally {
    if (timer) clearTimeout(timer);
    signal?.removeEventListener("abort", wake);
    seat.leave();
  }
}

function sessionEnded(metrics: Metrics) {
  metrics.realtimeRefusals.inc({ reason: "session_ended" });
  return appError("UNAUTHORIZED", "SESSION_ENDED", "Your session ended: sign in again");
}
