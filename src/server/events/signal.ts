/**
 * "Events were just committed here": lets this process's outbox relay start at once instead of at its next
 * poll. Other processes find the events by polling (docs/jobs.md), so nothing depends on this signal.
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
