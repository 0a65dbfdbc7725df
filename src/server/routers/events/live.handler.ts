import { tracked } from "@trpc/server";
import type { ActorContext } from "../../context";
import { readableEventTypes } from "../../events/access";
import { subscribeToEvents } from "../../realtime/subscribe";
import type { LiveEventsInput } from "./live.schema";

/**
 * Every event the caller may read, as it commits (the back office's live lists and stock alerts): the REST
 * feed's events and rules, pushed. Resumes after `lastEventId` with nothing missed or repeated.
 */
export async function* liveEventsHandler({ ctx, input, signal }: { ctx: ActorContext; input: LiveEventsInput; signal?: AbortSignal }) {
  const types = new Set<string>(readableEventTypes(ctx.actor, input.types));
  const events = subscribeToEvents({
    db: ctx.db,
    actor: ctx.actor,
    clientIp: ctx.client.ip,
    procedure: "events.live",
    lastEventId: input.lastEventId,
    accept: (event) => types.has(event.type),
    signal,
  });
  for await (const event of events) {
    yield tracked(event.id, {
      id: event.id,
      type: event.type,
      version: event.version,
      at: event.at,
      subjectId: event.subjectId,
      data: event.data,
    });
  }
}
