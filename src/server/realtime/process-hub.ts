/**
 * The process's one event hub (./hub.ts), opened by the first stream and kept until shutdown. Draining
 * (SIGTERM) ends every stream at once, so that clients reconnect to another instance and resume there
 * rather than holding this one open until the shutdown timeout.
 */
import { getServerConfig } from "../config";
import { getDatabase } from "../db";
import { onDraining, onShutdown } from "../lifecycle";
import { getLogger } from "../logger";
import { getMetrics } from "../observability/metrics";
import { processSingleton } from "../process-singleton";
import { EventHub } from "./hub";

const hub = processSingleton<Promise<EventHub>>("eventHub");

export function getEventHub(): Promise<EventHub> {
  return hub.get(() => {
    const { realtime } = getServerConfig();
    const opened = EventHub.open({
      handle: getDatabase(),
      logger: getLogger(),
      metrics: getMetrics(),
      maxStreams: realtime.maxStreams,
      maxStreamsPerKey: realtime.maxStreamsPerUser,
    });
    // A hub that failed to open (the database away) is not kept: the next stream tries again.
    opened.catch(() => hub.set(undefined));
    const stopDraining = onDraining(() => void opened.then((h) => h.endAll()).catch(() => undefined));
    onShutdown(
      "realtime",
      async () => {
        stopDraining();
        hub.set(undefined);
        await (await opened.catch(() => null))?.close();
      },
      "work",
    );
    return opened;
  });
}
