/**
 * A realtime stream opened in process, as the tRPC endpoint opens one: a caller of its own (with the
 * signal the endpoint would pass), read in the background into `received`. Tests wait for what arrives
 * (expect.poll), never for durations. `open` resolves once the stream holds its seat at the process's hub,
 * so changes made afterwards are certain to reach it.
 */
import { expect } from "vitest";
import type { Actor } from "../../src/server/auth/permissions";
import { getCatalogCache } from "../../src/server/cache/catalog-cache";
import { createInnerContext } from "../../src/server/context";
import { getDatabase } from "../../src/server/db";
import { getEventHub } from "../../src/server/realtime/process-hub";
import { createCaller } from "../../src/server/routers/_app";

type Caller = ReturnType<typeof createCaller>;

export interface LiveStream<T> {
  /** [event id, data] in the order received. */
  received: [string, T][];
  error(): unknown;
  ended(): boolean;
  close(): Promise<void>;
}

export async function openStream<T>(
  actor: Actor | null,
  start: (caller: Caller) => Promise<AsyncIterable<unknown>>,
  options: { joins?: boolean; clientIp?: string } = {},
): Promise<LiveStream<T>> {
  const abort = new AbortController();
  const caller = createCaller(
    createInnerContext({ db: getDatabase().db, actor, cache: getCatalogCache(), client: { ip: options.clientIp ?? "203.0.113.7" } }),
    { signal: abort.signal },
  );
  const hub = await getEventHub();
  const before = hub.openStreams;
  const iterable = await start(caller);
  const received: [string, T][] = [];
  let failure: unknown = null;
  let finished = false;
  const pump = (async () => {
    try {
      for await (const value of iterable) {
        const [id, data] = value as [string, T];
        received.push([id, data]);
      }
    } catch (error) {
      failure = error;
    } finally {
      finished = true;
    }
  })();
  if (options.joins !== false) await expect.poll(() => hub.openStreams > before || finished, { timeout: 30_000 }).toBe(true);
  return {
    received,
    error: () => failure,
    ended: () => finished,
    async close() {
      abort.abort();
      await pump;
    },
  };
}
