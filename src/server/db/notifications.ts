/**
 * PostgreSQL notifications on one channel, for a whole process: one listening connection however many
 * readers (the realtime streams, the webhook relay) it wakes. On the PostgreSQL server that is a `pg` client
 * of its own, reconnected with backoff when it drops; on PGlite, PGlite's own `listen` on the one connection.
 * A notification may be lost while the connection is down, so every (re)connection calls `onNotify` too:
 * readers then look for what they missed.
 */
import pg from "pg";
import type { DatabaseHandle } from "./client";

export interface NotificationListener {
  close(): Promise<void>;
}

export interface ListenOptions {
  /** Called when the listening connection fails (it is retried: 0.5 s doubling to 30 s). */
  onError?: (error: Error) => void;
}

/** Listens on `channel` (a lowercase identifier) and calls `onNotify` for each notification and each (re)connection. */
export async function listenForNotifications(
  handle: Pick<DatabaseHandle, "target" | "pglite">,
  channel: string,
  onNotify: () => void,
  options: ListenOptions = {},
): Promise<NotificationListener> {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`not a channel name: ${channel}`);
  if (handle.pglite) {
    const unlisten = await handle.pglite.listen(channel, () => onNotify());
    return { close: () => unlisten() };
  }
  if (handle.target.kind !== "postgres") throw new Error("a PGlite database handle without its PGlite");
  return listenOnServer(handle.target.url, channel, onNotify, options);
}

async function listenOnServer(url: string, channel: string, onNotify: () => void, options: ListenOptions): Promise<NotificationListener> {
  let closed = false;
  let client: pg.Client | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  let delayMs = 500;

  /** Lets the current connection go: it delivers nothing more and closes (awaitable). */
  function discard(): Promise<void> {
    const old = client;
    client = null;
    if (!old) return Promise.resolve();
    old.removeAllListeners();
    old.on("error", () => undefined);
    return old.end().catch(() => undefined);
  }

  function stop(): Promise<void> {
    closed = true;
    if (retryTimer) clearTimeout(retryTimer);
    return discard();
  }

  async function connect(): Promise<void> {
    const next = new pg.Client({ connectionString: url, application_name: "stockroom-listen", keepAlive: true });
    const dropped = (error?: Error) => {
      if (client !== next) return;
      void discard();
      if (error) options.onError?.(error);
      scheduleReconnect();
    };
    next.on("error", dropped);
    next.on("end", () => dropped());
    next.on("notification", (message) => message.channel === channel && onNotify());
    client = next;
    await next.connect();
    await next.query(`LISTEN ${channel}`);
    delayMs = 500;
    onNotify();
  }

  function scheduleReconnect(): void {
    if (closed || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      if (closed) return;
      connect().catch((error: Error) => {
        void discard();
        options.onError?.(error);
        scheduleReconnect();
      });
    }, delayMs);
    delayMs = Math.min(delayMs * 2, 30_000);
  }

  try {
    await connect();
  } catch (error) {
    await stop();
    throw error;
  }
  return { close: stop };
}

type Shared = { listeners: Set<() => void>; opened: Promise<NotificationListener> };
const shared = new WeakMap<object, Map<string, Shared>>();

/**
 * `listenForNotifications` shared by everything in the process that listens on `channel` of the same
 * database (the realtime hub and the webhook relay): one connection for all of them, opened by the first,
 * closed with the last.
 */
export async function shareNotifications(
  handle: Pick<DatabaseHandle, "target" | "pglite">,
  channel: string,
  onNotify: () => void,
  options: ListenOptions = {},
): Promise<NotificationListener> {
  const byChannel = shared.get(handle) ?? new Map<string, Shared>();
  shared.set(handle, byChannel);
  let entry = byChannel.get(channel);
  if (!entry) {
    const listeners = new Set<() => void>();
    const opened = listenForNotifications(handle, channel, () => listeners.forEach((listener) => listener()), options);
    entry = { listeners, opened };
    byChannel.set(channel, entry);
    opened.catch(() => byChannel.delete(channel));
  }
  const { listeners, opened } = entry;
  listeners.add(onNotify);
  try {
    await opened;
  } catch (error) {
    listeners.delete(onNotify);
    throw error;
  }
  // A new member catches up as if the connection had just opened.
  onNotify();
  return {
    async close() {
      if (!listeners.delete(onNotify) || listeners.size > 0) return;
      if (byChannel.get(channel)?.listeners === listeners) byChannel.delete(channel);
      await (await opened).close();
    },
  };
}
