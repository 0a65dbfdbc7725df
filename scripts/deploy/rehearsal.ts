/**
 * A rolling deploy, rehearsed (npm run deploy:rehearse; e2e/rolling-deploy.spec.ts runs a short one):
 * nginx in front of two production instances on one PostgreSQL database and one Redis, constant mixed
 * load through nginx, then each instance replaced in turn the way docs/deployment.md says to: out of the
 * upstream, SIGTERM, drained, a new one started, ready, back in. The report compares what clients were
 * told with what the database holds.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { databaseUrl, uniqueName, withAdmin } from "../../tests/setup/databases";
import { deleteKeys, freePort } from "../../tests/setup/redis";
import { replayCheckout, startLoad, type Checkout, type LoadFixtures, type LoadResult } from "./load";
import { startNginx, type Nginx } from "./nginx";

const root = path.resolve(import.meta.dirname, "../..");
const tsx = path.join(root, "node_modules/.bin/tsx");

export interface RehearsalOptions {
  /** Seconds of load before, between and after the two replacements. */
  phaseSeconds: number;
  /** Concurrent client connections to nginx. */
  connections: number;
  /**
   * Take each instance out of nginx's upstream before stopping it (the documented order). False shows what
   * skipping that step costs: the instance is stopped while nginx still sends it requests.
   */
  takeOutFirst?: boolean;
  postgresAdminUrl?: string;
  redisUrl: string;
  log(line: string): void;
}

export interface Replacement {
  instance: string;
  /** From SIGTERM to the old process's exit. */
  drainMs: number;
  /** The old process's exit code (0: every request it had finished, nothing cut). */
  exitCode: number | null;
  /** From starting the new process to its readiness check answering 200. */
  readyMs: number;
}

export interface RehearsalReport {
  seconds: number;
  connections: number;
  requests: number;
  byStatus: Record<string, number>;
  /** Answers that are failures: anything but 2xx and the expected 409 (out of stock) and 429 (rate limit). */
  failedAnswers: number;
  socketErrors: Record<string, number>;
  /** Requests sent again once because nginx closed their keep-alive connection before answering (a reload). */
  retriedAfterClose: number;
  /** Upstream errors nginx logged (it retries a failed GET on the other instance, so clients may not see them). */
  upstreamErrors: string[];
  latencyMs: { p50: number; p99: number; max: number };
  checkouts: number;
  ordersConfirmed: number;
  /** Checkouts that got no answer, sent again with the same Idempotency-Key after the run. */
  replayed: number;
  ordersInDatabase: number;
  /** Confirmed to the client but not in the database. */
  lost: number;
  /** More than one order for one Idempotency-Key, or an order no client was told about. */
  duplicated: number;
  stockMatchesLedger: boolean;
  replacements: Replacement[];
}

/** True when the rehearsal met its target: no failed request, no lost or duplicated order. */
export function passed(report: RehearsalReport): boolean {
  return (
    report.failedAnswers === 0 &&
    Object.keys(report.socketErrors).length === 0 &&
    report.upstreamErrors.length === 0 &&
    report.lost === 0 &&
    report.duplicated === 0 &&
    report.stockMatchesLedger &&
    report.replacements.every((r) => r.exitCode === 0)
  );
}

interface AppInstance {
  name: string;
  address: string;
  process: ChildProcess;
  output(): string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, args, { cwd: root, env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

/** A production instance as docs/deployment.md starts one beside others (migrations already applied). */
async function startAppInstance(name: string, env: Record<string, string>): Promise<AppInstance & { readyMs: number }> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/server.ts", "-H", "127.0.0.1", "-p", String(port)], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  process.once("exit", () => child.kill("SIGKILL"));
  let output = "";
  child.stdout.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr.on("data", (c: Buffer) => (output += c.toString()));
  const address = `127.0.0.1:${port}`;
  // Ready when the readiness check says so, as a load balancer's would; a start that hangs is stopped.
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited while starting:\n${output}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`${name} was not ready within 3 minutes:\n${output}`);
    }
    const status = await fetch(`http://${address}/api/health`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) break;
    await sleep(100);
  }
  return { name, address, process: child, output: () => output, readyMs: Math.round(performance.now() - started) };
}

async function stopAppInstance(instance: AppInstance): Promise<{ drainMs: number; exitCode: number | null }> {
  const started = performance.now();
  if (instance.process.exitCode !== null) return { drainMs: 0, exitCode: instance.process.exitCode };
  const exited = once(instance.process, "exit");
  instance.process.kill("SIGTERM");
  await exited;
  return { drainMs: Math.round(performance.now() - started), exitCode: instance.process.exitCode };
}

async function loadFixtures(url: string, origin: string): Promise<LoadFixtures> {
  const made = await run(
    ["scripts/admin.ts", "create-key", "--name", "deploy rehearsal", "--scopes", "orders:write,orders:read,stock:write"],
    {
      DATABASE_URL: url,
    },
  );
  const apiKey = /(sk_(?:live|test)_[A-Za-z0-9_-]+)/.exec(made.stdout)?.[1];
  if (made.code !== 0 || !apiKey) throw new Error(`create-key failed: ${made.stderr || made.stdout}`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const customers = await client.query<{ id: string }>(`SELECT id FROM "User" WHERE role = 'CUSTOMER' AND active ORDER BY id`);
    const products = await client.query<{ id: string }>(`SELECT id FROM "Product" WHERE active ORDER BY id`);
    if (!customers.rows.length || products.rows.length < 4) throw new Error("the seeded database has no customers or products");
    const productIds = products.rows.map((r) => r.id);
    const checkoutProductIds = productIds.slice(0, 4);
    // Stock no run can sell out, received through the API like a delivery.
    for (const productId of checkoutProductIds) {
      const answer = await fetch(`${origin}/api/v1/products/${productId}/stock-adjustments`, {
        method: "POST",
        headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
        body: JSON.stringify({ reason: "RECEIVED", delta: 1_000_000, note: "deploy rehearsal" }),
      });
      if (answer.status !== 201 && answer.status !== 200)
        throw new Error(`stock adjustment failed: ${answer.status} ${await answer.text()}`);
    }
    return { apiKey, customerIds: customers.rows.map((r) => r.id), productIds, checkoutProductIds };
  } finally {
    await client.end();
  }
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! * 10) / 10;
}

async function compareWithDatabase(url: string, origin: string, apiKey: string, load: LoadResult) {
  // A checkout that got no answer may or may not have placed its order: ask again with its key, as a client would.
  const unanswered = load.checkouts.filter((c) => c.status === null || c.status >= 500);
  for (const checkout of unanswered) {
    const again = await replayCheckout(origin, apiKey, checkout);
    checkout.orderId = again.orderId;
    checkout.status = again.status;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const orders = await client.query<{ id: string; key: string }>(
      `SELECT id, "idempotencyKey" AS key FROM "Order" WHERE "idempotencyKey" LIKE 'rehearsal-%'`,
    );
    const confirmed = new Map(
      load.checkouts.filter((c): c is Checkout & { orderId: string } => c.orderId !== null).map((c) => [c.orderId, c]),
    );
    const inDatabase = new Set(orders.rows.map((r) => r.id));
    const perKey = new Map<string, number>();
    for (const row of orders.rows) perKey.set(row.key, (perKey.get(row.key) ?? 0) + 1);
    const lost = [...confirmed.keys()].filter((id) => !inDatabase.has(id)).length;
    const duplicated = [...perKey.values()].filter((n) => n > 1).length + orders.rows.filter((r) => !confirmed.has(r.id)).length;
    const ledger = await client.query<{ mismatched: number }>(
      `SELECT count(*)::int AS mismatched FROM "Product" p
        WHERE p.stock <> (SELECT coalesce(sum(m.delta), 0) FROM "StockMovement" m WHERE m."productId" = p.id)`,
    );
    return {
      ordersConfirmed: confirmed.size,
      replayed: unanswered.length,
      ordersInDatabase: orders.rows.length,
      lost,
      duplicated,
      stockMatchesLedger: ledger.rows[0]!.mismatched === 0,
    };
  } finally {
    await client.end();
  }
}

export async function rehearseRollingDeploy(options: RehearsalOptions): Promise<RehearsalReport> {
  const { log } = options;
  const name = uniqueName("stockroom_rehearsal");
  const dir = mkdtempSync(path.join(os.tmpdir(), "stockroom-rehearsal-"));
  const prefix = `${name}:`;
  const instances: AppInstance[] = [];
  let nginx: Nginx | null = null;
  const admin = options.postgresAdminUrl;
  await withAdmin((c) => c.query(`CREATE DATABASE "${name}"`), admin);
  try {
    const url = databaseUrl(name, admin);
    log(`database ${name}: migrating and seeding (npm run db:prepare)`);
    const prepared = await run(["scripts/db.ts", "prepare"], { DATABASE_URL: url });
    if (prepared.code !== 0) throw new Error(`db prepare failed: ${prepared.stderr}`);

    const nginxPort = await freePort();
    const origin = `http://127.0.0.1:${nginxPort}`;
    const huge = "100000000/1m";
    const env: Record<string, string> = {
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: url,
      REDIS_URL: options.redisUrl,
      REDIS_KEY_PREFIX: prefix,
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      AUTH_URL: origin,
      TRUSTED_PROXY_HOPS: "1",
      // The demo seed's published passwords; production refuses them otherwise.
      STOCKROOM_ALLOW_DEMO_DATA: "true",
      // All load comes from one address and one key: the limits stay on, above what one machine sends.
      RATE_LIMIT_ANONYMOUS: huge,
      RATE_LIMIT_API_KEY: huge,
      RATE_LIMIT_CHECKOUT: huge,
      LOG_LEVEL: "warn",
    };
    const start = async (label: string) => {
      const instance = await startAppInstance(label, env);
      instances.push(instance);
      return instance;
    };
    log("starting instances A and B");
    let a: AppInstance = await start("A");
    const b: AppInstance = await start("B");
    log(`nginx on ${origin} in front of A (${a.address}) and B (${b.address})`);
    nginx = await startNginx(dir, nginxPort, [
      { address: a.address, down: false },
      { address: b.address, down: false },
    ]);
    const fixtures = await loadFixtures(url, origin);

    log(`load: ${options.connections} connections, catalog reads, searches, product pages and checkouts`);
    const started = performance.now();
    const load = startLoad(origin, fixtures, options.connections);
    const steady = async () => {
      const answeredBefore = load.answered();
      await sleep(options.phaseSeconds * 1_000);
      // On a machine too busy to answer, wait for answers rather than call an empty phase a success.
      while (load.answered() === answeredBefore) await sleep(100);
    };
    await steady();

    const replacements: Replacement[] = [];
    const replace = async (old: AppInstance, other: AppInstance, label: string): Promise<AppInstance> => {
      if (options.takeOutFirst ?? true) {
        log(`${label}: out of the upstream`);
        await nginx!.setUpstream([
          { address: old.address, down: true },
          { address: other.address, down: false },
        ]);
      }
      log(`${label}: SIGTERM, draining`);
      const stopped = await stopAppInstance(old);
      log(`${label}: stopped in ${stopped.drainMs} ms (exit ${stopped.exitCode}); starting the new build`);
      const fresh = await startAppInstance(`${label}'`, env);
      instances.push(fresh);
      log(`${label}': ready in ${fresh.readyMs} ms; back in the upstream`);
      await nginx!.setUpstream([
        { address: fresh.address, down: false },
        { address: other.address, down: false },
      ]);
      replacements.push({ instance: label, drainMs: stopped.drainMs, exitCode: stopped.exitCode, readyMs: fresh.readyMs });
      return fresh;
    };
    a = await replace(a, b, "A");
    await steady();
    await replace(b, a, "B");
    await steady();
    const result = await load.stop();
    const seconds = Math.round((performance.now() - started) / 100) / 10;
    log(`load stopped after ${seconds} s; comparing answers with the database`);

    const database = await compareWithDatabase(url, origin, fixtures.apiKey, result);
    const sorted = [...result.latencies].sort((x, y) => x - y);
    const failedAnswers = Object.entries(result.byStatus)
      .filter(([status]) => !(status.startsWith("2") || status === "409" || status === "429"))
      .reduce((sum, [, count]) => sum + count, 0);
    return {
      seconds,
      connections: options.connections,
      requests: result.requests,
      byStatus: result.byStatus,
      failedAnswers,
      socketErrors: result.socketErrors,
      retriedAfterClose: result.retriedAfterClose,
      upstreamErrors: nginx.errorLog().filter((line) => /upstream/.test(line)),
      latencyMs: { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: Math.round(sorted.at(-1) ?? 0) },
      checkouts: result.checkouts.length,
      ...database,
      replacements,
    };
  } finally {
    await nginx?.stop().catch(() => undefined);
    for (const instance of instances) if (instance.process.exitCode === null) instance.process.kill("SIGKILL");
    await Promise.all(instances.filter((i) => i.process.exitCode === null).map((i) => once(i.process, "exit")));
    await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`), admin).catch(() => undefined);
    await deleteKeys(options.redisUrl, prefix).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The report as text: what an operator reads after the rehearsal. */
export function renderReport(r: RehearsalReport): string {
  const statuses = Object.entries(r.byStatus)
    .sort(([x], [y]) => x.localeCompare(y))
    .map(([status, count]) => `${status}: ${count}`)
    .join(", ");
  const sockets = Object.entries(r.socketErrors)
    .map(([code, count]) => `${code}: ${count}`)
    .join(", ");
  return [
    `Rolling deploy rehearsal: ${r.seconds} s of load on ${r.connections} connections through nginx, two instances replaced one after the other`,
    `  requests sent         ${r.requests}`,
    `  answers               ${statuses}`,
    `  failed answers        ${r.failedAnswers} (anything but 2xx, 409 out of stock, 429 rate limited)`,
    `  socket errors         ${sockets || "0"} (${r.retriedAfterClose} requests met a keep-alive connection closing under them and were sent again, as HTTP clients do)`,
    `  nginx upstream errors ${r.upstreamErrors.length}${r.upstreamErrors.length ? `\n    ${r.upstreamErrors.slice(0, 5).join("\n    ")}` : ""}`,
    `  latency               p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms, max ${r.latencyMs.max} ms`,
    `  checkouts             ${r.checkouts} sent, ${r.ordersConfirmed} orders confirmed to clients (${r.replayed} asked again with the same Idempotency-Key)`,
    `  orders in database    ${r.ordersInDatabase}: ${r.lost} lost, ${r.duplicated} duplicated`,
    `  stock = ledger sum    ${r.stockMatchesLedger ? "yes" : "NO"}`,
    ...r.replacements.map(
      (x) =>
        `  replaced ${x.instance}            drained and exited in ${x.drainMs} ms (exit ${x.exitCode}), new instance ready in ${x.readyMs} ms`,
    ),
    passed(r) ? "PASS: no failed request, no lost or duplicated order" : "FAIL",
  ].join("\n");
}
