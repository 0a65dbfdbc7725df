/**
 * A subscription procedure's stream, with the process's hub, limits and metrics: what `x/live.handler.ts`
 * files call with their own `accept` rule.
 */
import type { Actor } from "../auth/permissions";
import { identityRecheck } from "../auth/recheck";
import { getServerConfig } from "../config";
import type { DbClient } from "../db";
import { getMetrics } from "../observability/metrics";
import { addressKey } from "../rate-limit";
import type { LiveEvent } from "./hub";
import { getEventHub } from "./process-hub";
import { liveEvents } from "./stream";

export interface SubscribeOptions {
  db: DbClient;
  actor: Actor | null;
  clientIp: string | null;
  procedure: string;
  lastEventId?: string | null;
  accept(event: LiveEvent): boolean;
  signal?: AbortSignal;
}

export async function* subscribeToEvents(options: SubscribeOptions): AsyncGenerator<LiveEvent, void> {
  const { actor } = options;
  const settings = getServerConfig().realtime;
  yield* liveEvents({
    hub: await getEventHub(),
    db: options.db,
    metrics: getMetrics(),
    procedure: options.procedure,
    limitKey: !actor ? addressKey(options.clientIp) : actor.type === "user" ? `user:${actor.userId}` : `key:${actor.apiKeyId}`,
    lastEventId: options.lastEventId,
    accept: options.accept,
    stillAllowed: identityRecheck(options.db, actor),
    recheckMs: settings.keepAliveSeconds * 1_000,
    signal: options.signal,
  });
}
