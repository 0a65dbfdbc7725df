/**
 * The outbox. An event is written by the code that makes the change, with the change's `Work`, so it commits
 * or rolls back with it. Its payload is checked against the declaration (./catalog.ts): an undeclared type
 * does not compile, and a payload that does not match is a bug that fails the mutation rather than sending
 * integrators something the document does not describe. Counted once committed
 * (`stockroom_events_recorded_total{type}`).
 */
import { randomBytes } from "node:crypto";
import { actorRef, type Actor } from "../auth/permissions";
import type { Work } from "../db/unit-of-work";
import { getMetrics } from "../observability/metrics";
import { eventCatalog, type EventPayload, type EventType } from "./catalog";
import { announceEventsCommitted } from "./signal";

/** A new event id: `evt_` and 22 random base64url characters (128 bits). */
export function newEventId(): string {
  return `evt_${randomBytes(16).toString("base64url")}`;
}

/** Records `type` in the work's transaction; returns the event's id. */
export async function recordEvent<T extends EventType>(
  work: Work,
  actor: Actor | null,
  type: T,
  payload: EventPayload<T>,
  subjectId: string | null = null,
): Promise<string> {
  const declaration = eventCatalog[type];
  const checked = declaration.payload.parse(payload) as object;
  const id = newEventId();
  await work.db.event.create({
    data: { id, type, version: declaration.version, ...actorRef(actor), subjectId, payload: checked },
    select: { id: true },
  });
  work.unit.afterCommit(() => {
    getMetrics().eventsRecorded.inc({ type });
    announceEventsCommitted();
  });
  return id;
}

/**
 * Replaces the payload of an event recorded earlier in the same work (checkout writes its event before
 * taking the stock, from the prices it read; a price changed in between is corrected here, before commit).
 */
export async function correctEventPayload<T extends EventType>(work: Work, id: string, type: T, payload: EventPayload<T>): Promise<void> {
  const checked = eventCatalog[type].payload.parse(payload) as object;
  await work.db.event.update({ where: { id }, data: { payload: checked }, select: { id: true } });
}

/** Records many events of one type in one statement (a bulk change such as a CSV import). */
export async function recordEvents<T extends EventType>(
  work: Work,
  actor: Actor | null,
  type: T,
  events: { payload: EventPayload<T>; subjectId: string | null }[],
): Promise<void> {
  if (!events.length) return;
  const declaration = eventCatalog[type];
  await work.db.event.createMany({
    data: events.map(({ payload, subjectId }) => ({
      id: newEventId(),
      type,
      version: declaration.version,
      ...actorRef(actor),
      subjectId,
      payload: declaration.payload.parse(payload),
    })),
  });
  work.unit.afterCommit(() => {
    getMetrics().eventsRecorded.inc({ type }, events.length);
    announceEventsCommitted();
  });
}
