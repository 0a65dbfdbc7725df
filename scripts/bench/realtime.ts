/**
 * The realtime phase of `npm run bench` (`--only realtime` for it alone): N live streams (`events.live`, over
 * Server-Sent Events, with an API key) held open on one Stockroom server, for N = 100, 1,000 and 5,000.
 * For each N it reports:
 * - memory per open stream: the server's resident memory (and JS heap) after opening them, less before,
 *   divided by N;
 * - CPU at idle: the server's CPU seconds over 20 s with the streams open and nothing happening but the
 *   keep-alive pings (every 15 s), as a share of one core;
 * - commit-to-client delay: five product updates, each awaited on every stream; the delay from the
 *   event's timestamp (its transaction's start, a few ms before the commit) to its arrival, p50/p95/p99.
 * The streams are read by this process, which shares the machine's two cores with the server: the delays
 * include that client's own work. A size the server cannot hold (out of memory at its heap limit,
 * STOCKROOM_HEAP_MB, 224 MB by default) is reported as where it broke, and the larger sizes are skipped.
 */
import http from "node:http";
import { PrismaPg } from "@prisma/adapter-pg";
import { createApiKey } from "../../src/server/auth/api-keys";
import { PrismaClient } from "../../src/generated/prisma/client";
import { log } from "./options";
import type { Server } from "./servers";

export interface RealtimeFigures {
  streams: number;
  opened: number;
  openSeconds: number;
  rssPerStreamKiB: number;
  heapPerStreamKiB: number;
  idleCpuPercent: number;
  events: number;
  delayP50ms: number;
  delayP95ms: number;
  delayP99ms: number;
  /** Arrivals still missing when the wait ended (0 unless something is wrong). */
  missing: number;
  /** What went wrong, if opening or delivering broke down. */
  failure: string | null;
}

const metricsToken = "bench-metrics-token-0123456789";
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const exited = (server: Server) => server.process.exitCode !== null || server.process.signalCode !== null;

async function metric(server: Server, name: string): Promise<number> {
  const text = await (await fetch(`${server.origin}/api/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } })).text();
  const line = text.split("\n").find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line ? Number(line.split(" ").at(-1)) : NaN;
}

interface Stream {
  request: http.ClientRequest;
  connected: Promise<void>;
}

/** One SSE stream; `onEvent(id, at)` for each event. */
function openStream(server: Server, secret: string, onEvent: (id: string, atMs: number) => void): Stream {
  const input = encodeURIComponent(JSON.stringify({ json: { types: ["product.updated"] } }));
  const url = new URL(`${server.origin}/api/trpc/events.live?input=${input}`);
  let resolveConnected!: () => void;
  let rejectConnected!: (e: Error) => void;
  const connected = new Promise<void>((resolve, reject) => {
    resolveConnected = resolve;
    rejectConnected = reject;
  });
  const request = http.get(url, { headers: { authorization: `Bearer ${secret}`, accept: "text/event-stream" }, agent: false }, (res) => {
    if (res.statusCode !== 200) {
      rejectConnected(new Error(`stream answered ${res.statusCode}`));
      res.resume();
      return;
    }
    res.setEncoding("utf8");
    let buffer = "";
    res.on("data", (chunk: string) => {
      const arrived = Date.now();
      buffer += chunk;
      let end: number;
      while ((end = buffer.indexOf("\n\n")) !== -1) {
        const message = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (message.startsWith("event: connected")) resolveConnected();
        else if (message.startsWith("event: serialized-error")) rejectConnected(new Error(message.slice(0, 300)));
        const data = /^data: (\{.*\})$/m.exec(message)?.[1];
        if (!data || message.startsWith("event:")) continue;
        const { json } = JSON.parse(data) as { json: { id: string; at: string } };
        onEvent(json.id, arrived - Date.parse(json.at));
      }
    });
  });
  request.on("error", (e) => rejectConnected(e));
  return { request, connected };
}

export async function realtimePhase(databaseUrl: string, server: Server, sizes = [100, 1_000, 5_000]): Promise<RealtimeFigures[]> {
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
  const { secret } = await createApiKey(db, { name: "bench realtime", scopes: ["products:read", "products:write"] }, "live");
  const product = await db.product.findFirstOrThrow({ where: { active: true }, select: { id: true, priceMinor: true } });
  const figures: RealtimeFigures[] = [];
  try {
    for (const n of sizes) {
      const delays: number[] = [];
      const seen = new Map<string, number>();
      const onEvent = (id: string, delayMs: number) => {
        delays.push(delayMs);
        seen.set(id, (seen.get(id) ?? 0) + 1);
      };
      const row: RealtimeFigures = {
        streams: n,
        opened: 0,
        openSeconds: 0,
        rssPerStreamKiB: 0,
        heapPerStreamKiB: 0,
        idleCpuPercent: 0,
        events: 0,
        delayP50ms: 0,
        delayP95ms: 0,
        delayP99ms: 0,
        missing: 0,
        failure: null,
      };
      if (exited(server)) break;
      const rssBefore = await metric(server, "stockroom_process_resident_memory_bytes");
      const heapBefore = await metric(server, "stockroom_nodejs_heap_size_used_bytes");
      const streams: Stream[] = [];
      const started = Date.now();
      try {
        // In batches, each waited for: a server is not a SYN-flood target.
        for (let i = 0; i < n; i += 250) {
          const batch = Array.from({ length: Math.min(250, n - i) }, () => openStream(server, secret, onEvent));
          streams.push(...batch);
          await Promise.all(batch.map((s) => s.connected));
          row.opened = streams.length;
        }
        row.openSeconds = Math.round((Date.now() - started) / 100) / 10;
        await sleep(2_000);
        row.rssPerStreamKiB = Math.round((await metric(server, "stockroom_process_resident_memory_bytes")) - rssBefore) / 1024 / n;
        row.heapPerStreamKiB = Math.round((await metric(server, "stockroom_nodejs_heap_size_used_bytes")) - heapBefore) / 1024 / n;

        const cpuBefore = await metric(server, "stockroom_process_cpu_seconds_total");
        const idleStarted = Date.now();
        await sleep(20_000);
        row.idleCpuPercent =
          Math.round(
            (((await metric(server, "stockroom_process_cpu_seconds_total")) - cpuBefore) / ((Date.now() - idleStarted) / 1000)) * 1000,
          ) / 10;

        for (let k = 0; k < 5; k++) {
          const res = await fetch(`${server.origin}/api/v1/products/${product.id}`, {
            method: "PATCH",
            headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
            body: JSON.stringify({ priceMinor: product.priceMinor + k + 1 }),
          });
          if (!res.ok) throw new Error(`PATCH /products: ${res.status} ${await res.text()}`);
          row.events += 1;
          // Wait for the event on every stream, not for a duration (at most a minute).
          const deadline = Date.now() + 60_000;
          while (delays.length < row.events * n && Date.now() < deadline) await sleep(20);
        }
      } catch (error) {
        // The server may have died (out of memory): say so, with how far it got.
        await sleep(1_000);
        row.failure = exited(server)
          ? `the server exited (${server.process.exitCode ?? server.process.signalCode}) after ${row.opened} streams opened`
          : (error as Error).message;
      }
      row.missing = Math.max(0, row.events * n - delays.length);
      const sorted = delays.sort((a, b) => a - b);
      row.delayP50ms = percentile(sorted, 50);
      row.delayP95ms = percentile(sorted, 95);
      row.delayP99ms = percentile(sorted, 99);
      row.rssPerStreamKiB = Math.round(row.rssPerStreamKiB * 10) / 10;
      row.heapPerStreamKiB = Math.round(row.heapPerStreamKiB * 10) / 10;
      figures.push(row);
      log(
        `realtime ${String(n).padStart(5)} streams: opened ${row.opened} in ${row.openSeconds} s, +${row.rssPerStreamKiB} KiB RSS (+${row.heapPerStreamKiB} KiB heap) per stream, idle CPU ${row.idleCpuPercent}% of a core, commit→client p50 ${row.delayP50ms} p95 ${row.delayP95ms} p99 ${row.delayP99ms} ms over ${row.events} events, missing ${row.missing}${row.failure ? `, FAILED: ${row.failure}` : ""}`,
      );
      for (const s of streams) s.request.destroy();
      if (row.failure) break;
      // Wait until the server has let every stream go before the next size.
      const deadline = Date.now() + 60_000;
      while ((await metric(server, "stockroom_realtime_streams")) > 0 && Date.now() < deadline) await sleep(200);
    }
  } finally {
    await db.$disconnect();
  }
  return figures;
}
