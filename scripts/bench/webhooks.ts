/**
 * The webhook phase of `npm run bench` (`--only webhooks` for it alone): the checkout scenario again, with 1
 * and then 10 endpoints subscribed to order.created on a local receiver, delivered by a dedicated
 * `npm run worker` process (production's shape: the web servers run with WORKER_MODE=web). Reports checkout throughput with
 * webhooks on, deliveries per second, and the delay from the order's commit to its arrival at the receiver
 * (p50/p95/p99; the event's timestamp is its transaction's start, a few ms before the commit).
 */
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { PrismaPg } from "@prisma/adapter-pg";
import { createApiKey } from "../../src/server/auth/api-keys";
import { PrismaClient } from "../../src/generated/prisma/client";
import { measure, type Coldness } from "./measure";
import { log, root, tsxLoader } from "./options";
import { scenarios, type Fixtures } from "./scenarios";
import type { Server } from "./servers";

export interface WebhookFigures {
  endpoints: number;
  checkoutsPerSecond: number;
  deliveries: number;
  deliveriesPerSecond: number;
  delayP50ms: number;
  delayP95ms: number;
  delayP99ms: number;
  /** Deliveries still missing when the wait for them ended (0 unless something is wrong). */
  missing: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;

/** A `npm run worker` process (the servers run with WORKER_MODE=web); resolves once it has started. */
async function startWorker(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...tsxLoader, "scripts/worker.ts"], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  process.once("exit", () => child.kill("SIGKILL"));
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('"worker started"')) resolve();
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => reject(new Error(`the worker exited with ${code}:\n${output}`)));
  });
  return child;
}

export async function webhookPhase(
  databaseUrl: string,
  server: Server,
  f: Fixtures,
  cold: Coldness,
  workerEnv: Record<string, string>,
): Promise<WebhookFigures[]> {
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
  const worker = await startWorker(workerEnv);
  const arrivals: { at: number; delayMs: number }[] = [];
  const receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const at = Date.now();
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { timestamp: string };
      arrivals.push({ at, delayMs: at - Date.parse(body.timestamp) });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  const { secret } = await createApiKey(db, { name: "bench webhooks", scopes: ["webhooks:write", "orders:read"] }, "live");
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.origin}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${secret}`, ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.status === 204 ? null : ((await res.json()) as { data: { endpoint: { id: string } } });
  };
  const checkout = scenarios.find((s) => s.name === "checkout")!;
  const figures: WebhookFigures[] = [];
  try {
    for (const count of [1, 10]) {
      const ids: string[] = [];
      for (let i = 0; i < count; i++)
        ids.push((await call("POST", "/webhook-endpoints", { url: receiverUrl, eventTypes: ["order.created"] }))!.data.endpoint.id);
      arrivals.length = 0;
      const since = new Date();
      const m = await measure(checkout, "stockroom", server, f, 8, cold);
      // Wait for what was committed, not for a duration: every order.created since the start, once per endpoint.
      const orders = await db.event.count({ where: { type: "order.created", at: { gte: since } } });
      const expected = orders * count;
      const deadline = Date.now() + 180_000;
      while (arrivals.length < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      const delays = arrivals.map((a) => a.delayMs).sort((a, b) => a - b);
      const span = arrivals.length > 1 ? (arrivals.at(-1)!.at - arrivals[0]!.at) / 1000 : 1;
      const row: WebhookFigures = {
        endpoints: count,
        checkoutsPerSecond: m.requestsPerSecond,
        deliveries: arrivals.length,
        deliveriesPerSecond: Math.round(arrivals.length / Math.max(span, 0.001)),
        delayP50ms: percentile(delays, 50),
        delayP95ms: percentile(delays, 95),
        delayP99ms: percentile(delays, 99),
        missing: Math.max(0, expected - arrivals.length),
      };
      figures.push(row);
      log(
        `webhooks ${String(count).padStart(2)} endpoint(s): checkout ${row.checkoutsPerSecond} req/s, ${row.deliveries} deliveries (${row.deliveriesPerSecond}/s), commit→delivery p50 ${row.delayP50ms} p95 ${row.delayP95ms} p99 ${row.delayP99ms} ms, missing ${row.missing}`,
      );
      for (const id of ids) await call("DELETE", `/webhook-endpoints/${id}`);
    }
  } finally {
    const exited = new Promise((resolve) => worker.once("exit", resolve));
    worker.kill("SIGTERM");
    await exited;
    receiver.close();
    await db.$disconnect();
  }
  return figures;
}
