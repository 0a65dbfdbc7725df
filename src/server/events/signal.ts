/**
 * "Events were just committed here": lets this process's outbox relay start at once, without waiting for the
 * database's notification (EVENTS_CHANNEL, which wakes other processes) or its next poll (docs/jobs.md).
 * Nothing depends on this signal.
 */
import { processSingleton } from "../process-singleton";

const listeners = processSingleton<Set<() => void>>("eventsCommittedListeners");

export function onEventsCommitted(listener: () => void): () => void {
  const set = listeners.get(() => new Set());
  set.add(listener);
  return () => set.delete(listener);
}

export function announceEventsCommitted(): void {
  for (const listener of listeners.peek() ?? []) listener();
}
