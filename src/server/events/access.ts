import { hasPermission, type Actor } from "../auth/permissions";
import { appError } from "../errors";
import { eventCatalog, eventTypes, type EventType } from "./catalog";

/**
 * The event types `actor` asked for (all it may read when it names none), each read with its own
 * permission: order events need orders:read, product and stock events products:read. Asking for a type one
 * may not read is a 403 naming it (the REST feed, the staff's live stream).
 */
export function readableEventTypes(actor: Actor, requested?: readonly EventType[] | null): EventType[] {
  const readable = eventTypes.filter((type) => hasPermission(actor, eventCatalog[type].permission));
  const refused = (requested ?? []).filter((type) => !readable.includes(type));
  if (refused.length) {
    throw appError("FORBIDDEN", "EVENT_TYPE_FORBIDDEN", `You may not read ${refused.join(", ")} events`, { field: "type", types: refused });
  }
  return requested?.length ? [...requested] : readable;
}
