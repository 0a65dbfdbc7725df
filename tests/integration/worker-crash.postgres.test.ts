/**
 * Workers that die and workers that compete, on the PostgreSQL server (several processes and connections):
 * a `npm run worker` process killed with SIGKILL in the middle of a delivery loses nothing (the job goes
 * back to its queue when its lease runs out and another worker delivers it with the same webhook-id), and
 * two workers deliver each event once.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetServerConfig } from "../../src/server/config";
import { getDatabase } from "../../src/server/db";
import type { JobRunner } from "../../src/server/jobs/runner";
import { startTestJobRunner } from "./job-runner";
import { newProduct, unique, userCaller } from "./helpers";
import { answer, startReceiver, type Receiver } from "./webhook-receiver";

const wait = { timeout: 120_000, interval: 100 };
// Leases expire when a worker dies: look for them every second.
const jobs = { maintenanceSeconds: 1 };
const webhooks = { timeoutMs: 5_000 };
const savedEnv = { ...process.env };
let receiver: Receiver;
const runners: JobRunner[] = [];
let child: ChildProcess | undefined;

beforeAll(async () => {
  process.env.WEBHOOK_ALLOW_LOCALHOST = "true";
  // Endpoints created here get a short lease: 10 deliveries x (1 s + 1 s) + 10 s = 30 s.
  process.env.WEBHOOK_TIMEOUT_MS = "1000";
  process.env.WEBHOOK_RETRY_DELAY_SECONDS = "1";
  resetServerConfig();
  receiver = await startReceiver();
});

afterAll(async () => {
  child?.kill("SIGKILL");
  await Promise.all(runners.map((r) => r.stop()));
  await receiver?.close();
  process.env = savedEnv;
  resetServerConfig();
});

async function endpointFor(pathName: string) {
  const admin = await userCaller("admin");
  return (await admin.webhooks.create({ url: receiver.url(pathName), eventTypes: ["product.created"] })).endpoint;
}

/** A real `npm run worker` process (scripts/worker.ts) on the test's database; resolves once it has started. */
async function spawnWorker(): Promise<ChildProcess> {
  // Node itself, as `npm run worker` starts it: the tsx binary would be a parent process, and SIGKILL would
  // leave the real worker running.
  const worker = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    env: { ...process.env, NODE_ENV: "test", LOG_LEVEL: "info", LOG_FORMAT: "json", WEBHOOK_TIMEOUT_MS: "30000" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the worker did not start in 90 s:\n${output}`)), 90_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('"worker started"')) {
        clearTimeout(timer);
        resolve();
      }
    };
    worker.stdout.on("data", onData);
    worker.stderr.on("data", onData);
    worker.on("exit", (code) => reject(new Error(`the worker exited with ${code}:\n${output}`)));
  });
  return worker;
}

describe("workers", { timeout: 240_000 }, () => {
  it("a worker killed with SIGKILL mid-delivery loses nothing: another delivers it after the lease, same webhook-id", async () => {
    const pathName = `/crash-${unique("k")}`;
    const endpoint = await endpointFor(pathName);
    receiver.on(pathName, () => new Promise(() => {})); // holds the request open: the worker is mid-delivery
    child = await spawnWorker();
    await newProduct();
    await expect.poll(() => receiver.received.filter((r) => r.path === pathName).length, wait).toBe(1);
    child.kill("SIGKILL");
    await new Promise((resolve) => child!.once("exit", resolve));

    receiver.on(pathName, answer(200));
    runners.push(await startTestJobRunner({ jobs, webhooks, relayPollMs: 100 }));
    const db = getDatabase().db;
    await expect
      .poll(async () => (await db.webhookDelivery.findFirst({ where: { endpointId: endpoint.id } }))?.status, wait)
      .toBe("SUCCEEDED");
    const got = receiver.received.filter((r) => r.path === pathName);
    expect(got).toHaveLength(2);
    expect(got[1]!.headers["webhook-id"]).toBe(got[0]!.headers["webhook-id"]);
    // The killed attempt left no record (it never finished); the one that succeeded did.
    expect(await db.webhookAttempt.findMany({ where: { delivery: { endpointId: endpoint.id } }, select: { statusCode: true } })).toEqual([
      { statusCode: 200 },
    ]);
  });

  it("two workers deliver each event once per endpoint", async () => {
    const pathName = `/pair-${unique("p")}`;
    const endpoint = await endpointFor(pathName);
    if (runners.length < 1) runners.push(await startTestJobRunner({ jobs, webhooks }));
    runners.push(await startTestJobRunner({ jobs, webhooks, relayPollMs: 100 }));
    const count = 20;
    for (let i = 0; i < count; i++) await newProduct();
    const db = getDatabase().db;
    await expect.poll(() => db.webhookDelivery.count({ where: { endpointId: endpoint.id, status: "SUCCEEDED" } }), wait).toBe(count);
    await Promise.all(runners.map((r) => r.drained()));
    const got = receiver.received.filter((r) => r.path === pathName);
    expect(got).toHaveLength(count);
    expect(new Set(got.map((r) => r.headers["webhook-id"])).size).toBe(count);
    expect(await db.webhookDelivery.count({ where: { endpointId: endpoint.id } })).toBe(count);
  });
});
