/**
 * `npm run bench`: Stockroom against three references, side by side, at scale (docs/performance.md).
 *
 *   npm run bench                         default scale: 50,000 products, 100,000 orders, 1,000 customers
 *   npm run bench -- --scale 0.1          a tenth of it (or --products N --orders N --customers N)
 *   npm run bench -- --duration 10        seconds per measured run (default 4, after a 1 s warm-up)
 *   npm run bench -- --only catalog-trpc-warm,checkout   some scenarios
 *   npm run bench -- --skip-build         reuse .next-bench
 *   npm run bench -- --no-growth          skip the 1/50-scale comparison of the list endpoints
 *   npm run bench -- --baseline           also write bench/results/baseline.json
 *   npm run bench -- --cpu-prof           CPU profiles of the Stockroom servers, summarised at the end
 *
 * Builds the app with the reference routes (STOCKROOM_BENCH_BUILD=1, into .next-bench), makes a fresh
 * PostgreSQL database (migrated, demo data, bulk data), starts the production server (scripts/server.ts)
 * with Redis and everything on, and the bare node:http + pg server, then drives each scenario with wrk
 * from its own process on 127.0.0.1 against: Stockroom, plain tRPC (same procedures, no middleware), the
 * framework floor (a plain Next.js route, same SQL) and the bare limit. Prints one table, writes JSON to
 * bench/results/, drops the database and Redis keys. Needs PostgreSQL (BENCH_POSTGRES_URL, else
 * TEST_POSTGRES_URL, else 127.0.0.1), Redis (BENCH_REDIS_URL, else 127.0.0.1:6379) and wrk (installed
 * with apt-get when missing and run as root).
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { encode } from "next-auth/jwt";
import { PrismaPg } from "@prisma/adapter-pg";
import IORedis from "ioredis";
import pg from "pg";
import { prng } from "../../prisma/seed";
import { PrismaClient } from "../../src/generated/prisma/client";
import { referenceSql } from "../../src/bench/reference";
import { createApiKey } from "../../src/server/auth/api-keys";
import { createSession } from "../../src/server/auth/sessions";
import { CatalogCache } from "../../src/server/cache/catalog-cache";
import { createInnerContext } from "../../src/server/context";
import { moveStock } from "../../src/server/inventory/ledger";
import { standaloneWork } from "../../src/server/db/unit-of-work";
import { createCaller } from "../../src/server/routers/_app";
import { databaseUrl as testDatabaseUrl, withAdmin } from "../../tests/setup/databases";
import { deleteKeys, freePort } from "../../tests/setup/redis";
import { forRun, scenarios, targetNames, targets, toLine, type Fixtures, type Scenario, type Target } from "./scenarios";

const root = path.resolve(import.meta.dirname, "../..");
const tsxLoader = ["--import", "tsx"];
const cpuProfileDir = path.join(root, "bench/results", `cpu-${process.pid}`);
/** How `npm start` and `npm run start:api` run the servers (V8's heap capped), plus profiling when asked. */
const stockroomNode = [
  `--max-old-space-size=224`,
  ...(process.argv.includes("--cpu-prof") ? ["--cpu-prof", `--cpu-prof-dir=${cpuProfileDir}`] : []),
  ...tsxLoader,
];
const resultsDir = path.join(root, "bench/results");

// ---------------------------------------------------------------- options

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const value = (name: string) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
};
const scaleFactor = Number(value("scale") ?? 1);
const scale = {
  products: Number(value("products") ?? Math.round(50_000 * scaleFactor)),
  orders: Number(value("orders") ?? Math.round(100_000 * scaleFactor)),
  customers: Number(value("customers") ?? Math.max(50, Math.round(1_000 * scaleFactor))),
};
const durationSeconds = Number(value("duration") ?? 4);
const warmupSeconds = Number(value("warmup") ?? 1);
const only = value("only")?.split(",");
const adminUrl = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const redisUrl = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";

/** A problem that stops the benchmark; thrown (not exited) so that servers, databases and keys are cleaned up. */
class BenchError extends Error {}

function fail(message: string): never {
  throw new BenchError(message);
}

function log(message: string) {
  process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${message}\n`);
}

// ---------------------------------------------------------------- tools and build

function ensureWrk() {
  if (spawnSync("wrk", ["--version"]).error === undefined) return;
  if (process.getuid?.() === 0) {
    log("installing wrk (Debian package)");
    const installed = spawnSync(
      "bash",
      ["-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null"],
      { stdio: "inherit" },
    );
    if (installed.status === 0) return;
  }
  fail("the benchmark drives load with wrk: install it (Debian/Ubuntu: apt-get install wrk; macOS: brew install wrk)");
}

function build() {
  if (flag("skip-build") && existsSync(path.join(root, ".next-bench/BUILD_ID"))) return log("reusing .next-bench");
  log("building (next build with the reference routes, into .next-bench)");
  execFileSync(path.join(root, "node_modules/.bin/next"), ["build"], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, STOCKROOM_BENCH_BUILD: "1", NEXT_TELEMETRY_DISABLED: "1" },
  });
}

// ---------------------------------------------------------------- database and fixtures

const admin = <T>(work: (client: pg.Client) => Promise<T>) => withAdmin(work, adminUrl);
const databaseUrl = (name: string) => testDatabaseUrl(name, adminUrl);

function dbScript(command: string[], url: string) {
  execFileSync(path.join(root, "node_modules/.bin/tsx"), ["scripts/db.ts", ...command], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, DATABASE_URL: url },
  });
}

async function createDatabase(name: string, s: typeof scale): Promise<string> {
  await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).then(() => c.query(`CREATE DATABASE "${name}"`)));
  const url = databaseUrl(name);
  dbScript(["prepare"], url);
  dbScript(["seed:scale", "--products", String(s.products), "--orders", String(s.orders), "--customers", String(s.customers)], url);
  // Fresh statistics, as a production database would have.
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query("VACUUM ANALYZE");
  await client.end();
  return url;
}

const authSecret = "bench-auth-secret-0123456789abcdef0123456789";
const sessionCookieName = "__Secure-authjs.session-token";

async function fixtures(url: string): Promise<Fixtures> {
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
  try {
    const all = await db.product.findMany({
      where: { active: true },
      select: { id: true, name: true },
      orderBy: [{ name: "asc" }, { id: "asc" }],
    });
    const shuffled = shuffle(all, 42);
    const productCursors = shuffled.map((p) => Buffer.from(JSON.stringify([p.name, p.id]), "utf8").toString("base64url"));
    const customers = await db.user.findMany({
      where: { role: "CUSTOMER", id: { startsWith: "scale-" } },
      select: { id: true },
      take: 50,
      orderBy: { id: "asc" },
    });
    const withCookies = await Promise.all(
      customers.map(async (c) => {
        const session = await createSession(db, c.id);
        const cookie = await encode({ token: { sid: session.id, sub: c.id }, secret: authSecret, salt: sessionCookieName, maxAge: 3600 });
        return { id: c.id, cookie };
      }),
    );
    const { key, secret } = await createApiKey(db, { name: "bench", scopes: ["products:read", "orders:read", "orders:write"] }, "live");
    // Products for checkouts, with stock no run can exhaust (received through the ledger like any stock).
    const checkoutProducts = shuffled.slice(0, 200).map((p) => p.id);
    await db.$transaction(
      async (tx) => {
        for (const productId of checkoutProducts)
          await moveStock(standaloneWork(tx), null, { productId, delta: 10_000_000, reason: "RECEIVED", note: "benchmark" });
      },
      { timeout: 120_000 },
    );
    return {
      productCursors,
      productIds: shuffled.map((p) => p.id),
      searchTerms: [
        "linen",
        "mug",
        "cedar candle",
        "brass",
        "tote",
        "ceramic bowl",
        "kraft",
        "stoneware",
        "blanket",
        "tray",
        "pen",
        "bamboo",
        "enamel mug",
        "waxed tote",
        "notebook",
      ],
      customers: withCookies,
      apiKey: { id: key.id, secret },
      checkoutProducts,
      sessionCookieName,
    };
  } finally {
    await db.$disconnect();
  }
}

/** The same order on every run (the seed's deterministic generator). */
function shuffle<T>(list: T[], seed: number): T[] {
  const random = prng(seed);
  const copy = [...list];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/** The references must run the app's SQL: capture what Prisma sends for each procedure and compare. */
async function checkReferenceSql(url: string, f: Fixtures): Promise<string[]> {
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }), log: [{ emit: "event", level: "query" }] });
  const seen = new Set<string>();
  db.$on("query", (e) => seen.add(e.query.replace(/\s+/g, " ").trim()));
  try {
    const cache = new CatalogCache({ store: null, ttlSeconds: 0 });
    const guest = createCaller(createInnerContext({ db, cache }));
    await guest.product.list({ limit: 20 });
    await guest.product.list({ limit: 20, cursor: f.productCursors[0] });
    await guest.product.list({ limit: 20, search: "linen" });
    await guest.product.list({ limit: 20, search: "linen", cursor: f.productCursors[0] });
    await guest.product.byId({ id: f.productIds[0]! }).catch(() => null);
    const customer = createCaller(
      createInnerContext({
        db,
        cache,
        actor: { type: "user", userId: f.customers[0]!.id, email: "", name: "", role: "CUSTOMER", sessionId: "bench" },
      }),
    );
    await customer.order.list({ limit: 20 });
    const key = createCaller(
      createInnerContext({
        db,
        cache,
        actor: { type: "apiKey", apiKeyId: f.apiKey.id, name: "bench", scopes: ["orders:read", "orders:write"] },
      }),
    );
    await key.order.list({ limit: 20, status: "PAID" });
    await key.order.create({
      customerId: f.customers[0]!.id,
      idempotencyKey: `sql-check-${Date.now()}`,
      lines: [{ productId: f.checkoutProducts[0]!, quantity: 1 }],
    });
  } finally {
    await db.$disconnect();
  }
  const normalise = (sql: string) => sql.replace(/\s+/g, " ").replace(/\$\d+/g, "$?").trim();
  const appSql = new Set([...seen].map(normalise));
  const missing: string[] = [];
  for (const [name, sql] of Object.entries(referenceSql)) {
    if (sql.includes("%")) {
      // Templates (IN lists, multi-row VALUES): compare the part before the placeholder.
      const head = normalise(sql.slice(0, sql.indexOf("%")));
      if (![...appSql].some((s) => s.startsWith(head))) missing.push(name);
    } else if (!appSql.has(normalise(sql))) missing.push(name);
  }
  return missing;
}

// ---------------------------------------------------------------- servers

interface Server {
  name: string;
  process: ChildProcess;
  origin: string;
  stop(): Promise<void>;
}

async function startServer(name: string, command: string[], env: Record<string, string>, port: number, logFile: string): Promise<Server> {
  const child = spawn(process.execPath, command, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  // Whatever happens to this process, no server outlives it.
  process.once("exit", () => child.kill("SIGKILL"));
  const chunks: Buffer[] = [];
  child.stdout!.on("data", (c: Buffer) => chunks.push(c));
  child.stderr!.on("data", (c: Buffer) => chunks.push(c));
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) fail(`${name} exited while starting:\n${Buffer.concat(chunks).toString()}`);
    const up = await fetch(`${origin}/api/health/live`).then(
      () => true,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) fail(`${name} did not start within 90 s`);
    await sleep(200);
  }
  return {
    name,
    process: child,
    origin,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await Promise.race([exited, sleep(30_000)]);
      if (child.exitCode === null) child.kill("SIGKILL");
      writeFileSync(logFile, Buffer.concat(chunks));
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function stockroomEnv(url: string, prefix: string, port: number): Record<string, string> {
  const huge = "100000000/1m";
  return {
    NODE_ENV: "production",
    STOCKROOM_BENCH_BUILD: "1",
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: url,
    DATABASE_POOL_SIZE: "10",
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: prefix,
    AUTH_SECRET: authSecret,
    AUTH_URL: `http://127.0.0.1:${port}`,
    STOCKROOM_ALLOW_DEMO_DATA: "true",
    LOG_LEVEL: "info",
    LOG_FORMAT: "json",
    CACHE_TTL_SECONDS: "300",
    // Limits stay on (their cost is measured) but high enough that one machine's load is never refused.
    RATE_LIMIT_ANONYMOUS: huge,
    RATE_LIMIT_USER: huge,
    RATE_LIMIT_API_KEY: huge,
    RATE_LIMIT_CHECKOUT: huge,
    METRICS_TOKEN: "bench-metrics-token-0123456789",
  };
}

// ---------------------------------------------------------------- measuring

interface WrkResult {
  requests: number;
  duration_us: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  socket_errors: Record<string, number>;
  statuses: Record<string, number>;
}

export interface Measurement {
  scenario: string;
  target: Target;
  connections: number;
  requestsPerSecond: number;
  p50ms: number;
  p95ms: number;
  p99ms: number;
  /** Answers that were not 2xx (and socket errors). */
  errors: number;
  fiveXx: number;
  peakRssMb: number | null;
}

function rssMb(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return Number.isFinite(kb) ? kb / 1024 : null;
  } catch {
    return null;
  }
}

let runCounter = 0;

async function wrk(origin: string, requestFile: string, connections: number, seconds: number): Promise<WrkResult> {
  runCounter += 1;
  const tag = `r${process.pid}x${runCounter}`;
  const child = spawn(
    "wrk",
    [
      "-t1",
      `-c${connections}`,
      `-d${seconds}s`,
      "--timeout",
      "10s",
      "-s",
      path.join(root, "scripts/bench/wrk.lua"),
      origin,
      "--",
      requestFile,
      tag,
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let out = "";
  child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (out += c.toString()));
  await new Promise((r) => child.once("exit", r));
  const line = out.split("\n").find((l) => l.startsWith("BENCH_RESULT "));
  if (!line) fail(`wrk gave no result:\n${out}`);
  return JSON.parse(line.slice("BENCH_RESULT ".length)) as WrkResult;
}

/** Cold runs: what makes sure no answer comes from the cache (see Scenario.cold). */
interface Coldness {
  /** Moves the catalog cache to a new version: every cached page is left behind. */
  bumpCatalog(): Promise<void>;
  /** A slot no other run of the same scenario uses. */
  slot(scenario: string, target: Target, phase: "warmup" | "measured"): number;
  slots: number;
}

function requestFile(scenario: Scenario, target: Target, f: Fixtures, phase: string): string {
  const lines = scenario.requests(f).map((r) => toLine(r, target, f));
  const file = path.join(os.tmpdir(), `stockroom-bench-${process.pid}-${scenario.name}-${target}-${phase}.txt`);
  writeFileSync(file, `${lines.join("\n")}\n`);
  return file;
}

async function measure(
  scenario: Scenario,
  target: Target,
  server: Server,
  f: Fixtures,
  connections: number,
  cold: Coldness,
): Promise<Measurement> {
  const fixturesFor = (phase: "warmup" | "measured") =>
    scenario.cold === "ids" ? forRun(f, cold.slot(scenario.name, target, phase), cold.slots) : f;
  if (warmupSeconds > 0)
    await wrk(server.origin, requestFile(scenario, target, fixturesFor("warmup"), "warmup"), connections, warmupSeconds);
  const file = requestFile(scenario, target, fixturesFor("measured"), "measured");
  if (scenario.cold === "pages") await cold.bumpCatalog();
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(server.process.pid!) ?? 0)), 100);
  const result = await wrk(server.origin, file, connections, durationSeconds);
  clearInterval(sampler);
  const ok = Object.entries(result.statuses).reduce((n, [status, count]) => n + (Number(status) < 400 ? count : 0), 0);
  const fiveXx = Object.entries(result.statuses).reduce((n, [status, count]) => n + (Number(status) >= 500 ? count : 0), 0);
  const socketErrors = Object.values(result.socket_errors).reduce((a, b) => a + b, 0);
  return {
    scenario: scenario.name,
    target,
    connections,
    requestsPerSecond: Math.round((result.requests / result.duration_us) * 1e6),
    p50ms: result.p50 / 1000,
    p95ms: result.p95 / 1000,
    p99ms: result.p99 / 1000,
    errors: result.requests - ok + socketErrors,
    fiveXx,
    peakRssMb: peak ? Math.round(peak) : null,
  };
}

/** Products' stock must equal their ledger, and no stock below zero: nothing was oversold. */
async function oversellCheck(url: string, products: string[]): Promise<{ negative: number; ledgerMismatches: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ negative: number; mismatches: number }>(
      `SELECT count(*) FILTER (WHERE p.stock < 0)::int AS negative,
              count(*) FILTER (WHERE p.stock <> COALESCE((SELECT sum(m.delta) FROM "StockMovement" m WHERE m."productId" = p.id), 0))::int AS mismatches
       FROM "Product" p WHERE p.id = ANY($1)`,
      [products],
    );
    return { negative: rows[0]!.negative, ledgerMismatches: rows[0]!.mismatches };
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------- the run

interface Plan {
  scenario: Scenario;
  connections: number[];
}

/**
 * Every scenario at 8 connections against every target; checkouts and the mixed profile also at 32 and
 * 128 against every target; two catalog reads at 32 and 128 against Stockroom (both servers) only, to report
 * their latency under load. About 80 runs of 5 s: the whole harness stays under 10 minutes.
 */
function plan(): Plan[] {
  const chosen = scenarios.filter((s) => !only || only.includes(s.name));
  if (only && chosen.length !== only.length)
    fail(`unknown scenario in --only; the scenarios are ${scenarios.map((s) => s.name).join(", ")}`);
  return chosen.map((scenario) => ({
    scenario,
    connections: scenario.write || scenario.name === "catalog-trpc-warm" || scenario.name === "catalog-rest-cold" ? [8, 32, 128] : [8],
  }));
}

function targetsFor(scenario: Scenario, connections: number): Target[] {
  return connections === 8 || scenario.write ? targets : ["stockroom", "apiOnly"];
}

function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? "unknown",
    cores: cpus.length,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    postgres: "",
  };
}

async function main() {
  const started = Date.now();
  for (const [name, n] of Object.entries({ ...scale, duration: durationSeconds })) {
    if (!Number.isFinite(n) || n <= 0) fail(`--${name} must be a positive number`);
  }
  ensureWrk();
  mkdirSync(resultsDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const prefix = `stockroom-bench:${process.pid}:`;
  const dbName = `stockroom_bench_${process.pid}`;
  const growthDbName = `stockroom_bench_small_${process.pid}`;
  const servers: Server[] = [];
  const stopAll = async () => {
    for (const s of servers.splice(0)) await s.stop();
  };
  process.on("SIGINT", () => void stopAll().then(() => process.exit(130)));

  try {
    build();
    log(`database at scale: ${scale.products} products, ${scale.orders} orders, ${scale.customers} customers`);
    const url = await createDatabase(dbName, scale);
    const f = await fixtures(url);
    const sqlMismatches = await checkReferenceSql(url, f);
    log(
      sqlMismatches.length
        ? `WARNING: reference SQL differs from the app's for: ${sqlMismatches.join(", ")}`
        : "reference SQL matches what the app sends",
    );
    const postgresVersion = await admin(
      async (c) => (await c.query<{ server_version: string }>("SHOW server_version")).rows[0]!.server_version,
    );

    const stockroomPort = await freePort();
    const apiPort = await freePort();
    const barePort = await freePort();
    const stockroom = await startServer(
      "stockroom",
      [...stockroomNode, "scripts/server.ts", "-H", "127.0.0.1", "-p", String(stockroomPort)],
      stockroomEnv(url, prefix, stockroomPort),
      stockroomPort,
      path.join(resultsDir, `${stamp}-stockroom.log`),
    );
    servers.push(stockroom);
    const apiOnly = await startServer(
      "api-only",
      [...stockroomNode, "scripts/api-server.ts", "-H", "127.0.0.1", "-p", String(apiPort)],
      stockroomEnv(url, prefix, apiPort),
      apiPort,
      path.join(resultsDir, `${stamp}-api-only.log`),
    );
    servers.push(apiOnly);
    const bare = await startServer(
      "bare",
      [...tsxLoader, "scripts/bench/bare-server.ts", String(barePort)],
      { DATABASE_URL: url, DATABASE_POOL_SIZE: "10" },
      barePort,
      path.join(resultsDir, `${stamp}-bare.log`),
    );
    servers.push(bare);
    const serverFor: Record<Target, Server> = { stockroom, apiOnly, plainTrpc: stockroom, floor: stockroom, bare };

    const redis = new IORedis(redisUrl);
    const slotsUsed = new Map<string, number>();
    const cold: Coldness = {
      bumpCatalog: async () => void (await redis.incr(`${prefix}cv:catalog`)),
      slots: targets.length * 2,
      slot: (scenario, target, phase) => {
        const key = `${scenario}:${target}:${phase}`;
        if (!slotsUsed.has(key)) slotsUsed.set(key, slotsUsed.size);
        return slotsUsed.get(key)! % (targets.length * 2);
      },
    };
    // Growth: the list endpoints with the cache off (so every request reaches the database), at this scale
    // and at 1/50 of it, on the API-only server (the same endpoints, without Next.js's noise around them).
    // This scale is measured before the write scenarios, which leave the database busy (vacuum, WAL).
    const growthScenarios = flag("no-growth")
      ? []
      : ["catalog-rest-cold", "search", "customer-orders", "staff-orders-by-status"].filter((n) => !only || only.includes(n));
    const growthP95 = async (databaseUrl: string, fx: Fixtures, keyPrefix: string) => {
      const port = await freePort();
      const server = await startServer(
        "api-only-no-cache",
        [...stockroomNode, "scripts/api-server.ts", "-H", "127.0.0.1", "-p", String(port)],
        { ...stockroomEnv(databaseUrl, keyPrefix, port), CACHE_TTL_SECONDS: "0" },
        port,
        path.join(resultsDir, `${stamp}-growth-${keyPrefix.length}.log`),
      );
      servers.push(server);
      const result = new Map<string, number>();
      for (const name of growthScenarios)
        result.set(
          name,
          (
            await measure(
              scenarios.find((s) => s.name === name)!,
              "apiOnly",
              server,
              fx,
              8,
              cold,
            )
          ).p95ms,
        );
      await server.stop();
      servers.splice(servers.indexOf(server), 1);
      return result;
    };

    const measurements: Measurement[] = [];
    const runPlan = async (plans: Plan[]) => {
      for (const { scenario, connections } of plans) {
        for (const c of connections) {
          for (const target of targetsFor(scenario, c)) {
            const m = await measure(scenario, target, serverFor[target], f, c, cold);
            measurements.push(m);
            log(
              `${scenario.name.padEnd(24)} ${targetNames[target].padEnd(18)} c=${String(c).padEnd(3)} ${String(m.requestsPerSecond).padStart(6)} req/s  p50 ${m.p50ms.toFixed(1)}  p95 ${m.p95ms.toFixed(1)}  p99 ${m.p99ms.toFixed(1)} ms  errors ${m.errors}`,
            );
          }
        }
      }
    };
    // Every server answers every kind of request for a while first: the first measured run must not pay
    // for just-in-time compilation and lazily loaded routes that the later ones do not.
    log("warming up every server");
    const mixedScenario = scenarios.find((s) => s.name === "mixed")!;
    for (const target of targets) await wrk(serverFor[target].origin, requestFile(mixedScenario, target, f, "server-warmup"), 8, 3);
    await runPlan(plan().filter((p) => !p.scenario.write));
    let fullGrowth = new Map<string, number>();
    if (growthScenarios.length) {
      log("growth: the list endpoints with the cache off, at this scale");
      fullGrowth = await growthP95(url, f, `${prefix}growth:`);
    }
    await runPlan(plan().filter((p) => p.scenario.write));
    const oversell = plan().some((p) => p.scenario.write) ? await oversellCheck(url, f.checkoutProducts) : null;

    const growth: { scenario: string; p95Full: number; p95Small: number; ratio: number }[] = [];
    if (growthScenarios.length) {
      const small = {
        products: Math.max(100, Math.round(scale.products / 50)),
        orders: Math.max(100, Math.round(scale.orders / 50)),
        customers: 50,
      };
      log(`growth: the same at 1/50 scale (${small.products} products, ${small.orders} orders)`);
      const smallUrl = await createDatabase(growthDbName, small);
      const smallP95 = await growthP95(smallUrl, await fixtures(smallUrl), `${prefix}small:`);
      for (const name of growthScenarios) {
        const ratio = Math.round((fullGrowth.get(name)! / smallP95.get(name)!) * 100) / 100;
        growth.push({ scenario: name, p95Full: fullGrowth.get(name)!, p95Small: smallP95.get(name)!, ratio });
        log(`growth ${name}: p95 ${fullGrowth.get(name)!.toFixed(1)} ms vs ${smallP95.get(name)!.toFixed(1)} ms = ${ratio}x`);
      }
    }
    redis.disconnect();

    const report = {
      when: new Date().toISOString(),
      machine: { ...machine(), postgres: postgresVersion },
      scale,
      durationSeconds,
      warmupSeconds,
      referenceSqlMatches: sqlMismatches.length === 0,
      measurements,
      oversell,
      growth,
      minutes: Math.round((Date.now() - started) / 600) / 100,
    };
    const file = path.join(resultsDir, `${stamp}.json`);
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    if (flag("baseline")) writeFileSync(path.join(resultsDir, "baseline.json"), `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(`\n${renderReport(report)}\n`);
    if (flag("cpu-prof")) {
      await stopAll();
      for (const file of readdirSync(cpuProfileDir).filter((f) => f.endsWith(".cpuprofile"))) {
        log(`profile ${file}:`);
        execFileSync(
          process.execPath,
          [...tsxLoader, "scripts/bench/profile-summary.ts", path.join(cpuProfileDir, file), "25", "--skip", "10"],
          { cwd: root, stdio: "inherit" },
        );
      }
    }
    log(`results: ${path.relative(root, file)} (${report.minutes} min)`);
  } finally {
    await stopAll();
    await admin(async (c) => {
      await c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
      await c.query(`DROP DATABASE IF EXISTS "${growthDbName}" WITH (FORCE)`);
    }).catch(() => {});
    await deleteKeys(redisUrl, prefix).catch(() => {});
  }
}

// ---------------------------------------------------------------- the report

type Report = {
  referenceSqlMatches: boolean;
  measurements: Measurement[];
  oversell: { negative: number; ledgerMismatches: number } | null;
  growth: { scenario: string; p95Full: number; p95Small: number; ratio: number }[];
  machine: ReturnType<typeof machine>;
  scale: typeof scale;
};

export function renderReport(report: Report): string {
  const out: string[] = [];
  const by = (scenario: string, target: Target, c: number) =>
    report.measurements.find((m) => m.scenario === scenario && m.target === target && m.connections === c);
  const keys = [...new Set(report.measurements.map((m) => `${m.scenario}@${m.connections}`))];
  out.push(
    `Machine: ${report.machine.cpu}, ${report.machine.cores} cores, ${report.machine.memoryGb} GiB, Node ${report.machine.node}, PostgreSQL ${report.machine.postgres}`,
  );
  out.push(`Data: ${report.scale.products} products, ${report.scale.orders} orders, ${report.scale.customers} customers\n`);
  out.push("| scenario | conns | target | req/s | p50 ms | p95 ms | p99 ms | errors | peak RSS MB | Stockroom ÷ this |");
  out.push("|---|---|---|---|---|---|---|---|---|---|");
  for (const key of keys) {
    const [scenario, c] = key.split("@") as [string, string];
    const mine = by(scenario, "stockroom", Number(c));
    for (const target of targets) {
      const m = by(scenario, target, Number(c));
      if (!m) continue;
      const ratio = mine && target !== "stockroom" ? (mine.requestsPerSecond / m.requestsPerSecond).toFixed(2) : "";
      out.push(
        `| ${scenario} | ${c} | ${targetNames[target]} | ${m.requestsPerSecond} | ${m.p50ms.toFixed(1)} | ${m.p95ms.toFixed(1)} | ${m.p99ms.toFixed(1)} | ${m.errors} | ${m.peakRssMb ?? ""} | ${ratio} |`,
      );
    }
  }
  if (!report.referenceSqlMatches)
    out.push("", "WARNING: the references do not send the SQL the app sends (see the log): their figures are not comparable.");
  out.push("", "Targets:");
  const verdict = (ok: boolean) => (ok ? "met" : "NOT met");
  for (const scenario of ["catalog-trpc-cold", "catalog-rest-cold", "product-by-id", "search"]) {
    const mine = by(scenario, "stockroom", 8);
    const floor = by(scenario, "floor", 8);
    if (mine && floor)
      out.push(
        `- ${scenario}, cache cold: ${(mine.requestsPerSecond / floor.requestsPerSecond).toFixed(2)}x the framework floor (goal ≥ 0.8): ${verdict(mine.requestsPerSecond >= 0.8 * floor.requestsPerSecond)}`,
      );
  }
  for (const scenario of ["catalog-trpc-warm", "catalog-rest-warm"]) {
    const mine = by(scenario, "stockroom", 8);
    const floor = by(scenario, "floor", 8);
    if (mine && floor)
      out.push(
        `- ${scenario}, cache warm: ${(mine.requestsPerSecond / floor.requestsPerSecond).toFixed(2)}x the framework floor (goal > 1): ${verdict(mine.requestsPerSecond > floor.requestsPerSecond)}`,
      );
  }
  for (const m of report.measurements.filter((x) => x.target === "stockroom" && x.scenario.startsWith("catalog") && x.connections === 8)) {
    out.push(`- ${m.scenario} p99 at 8 connections: ${m.p99ms.toFixed(1)} ms (goal < 50): ${verdict(m.p99ms < 50)}`);
  }
  for (const scenario of [...new Set(report.measurements.map((m) => m.scenario))]) {
    const mine = by(scenario, "stockroom", 8);
    const plain = by(scenario, "plainTrpc", 8);
    if (mine && plain)
      out.push(
        `- ${scenario}: middleware costs ${Math.round((1 - mine.requestsPerSecond / plain.requestsPerSecond) * 100)}% of plain tRPC's throughput (goal ≤ 15%): ${verdict(mine.requestsPerSecond >= 0.85 * plain.requestsPerSecond)}`,
      );
  }
  for (const scenario of ["catalog-trpc-cold", "catalog-rest-cold", "catalog-trpc-warm", "catalog-rest-warm"]) {
    const lean = by(scenario, "apiOnly", 8);
    const floor = by(scenario, "floor", 8);
    if (lean && floor)
      out.push(
        `- ${scenario} on the API-only server: ${(lean.requestsPerSecond / floor.requestsPerSecond).toFixed(2)}x the framework floor, p99 ${lean.p99ms.toFixed(1)} ms`,
      );
  }
  const checkout = by("checkout", "stockroom", 8);
  if (checkout) out.push(`- checkout p95 at 8 connections: ${checkout.p95ms.toFixed(1)} ms (goal < 150): ${verdict(checkout.p95ms < 150)}`);
  const writes = report.measurements.filter((m) => m.target === "stockroom" && (m.scenario === "checkout" || m.scenario === "mixed"));
  if (writes.length)
    out.push(
      `- 5xx in checkout and mixed runs, every concurrency: ${writes.reduce((n, m) => n + m.fiveXx, 0)} (goal 0): ${verdict(writes.every((m) => m.fiveXx === 0))}`,
    );
  if (report.oversell)
    out.push(
      `- oversell: ${report.oversell.negative} products below zero, ${report.oversell.ledgerMismatches} whose stock differs from their ledger (goal 0): ${verdict(report.oversell.negative === 0 && report.oversell.ledgerMismatches === 0)}`,
    );
  const mixedRss = report.measurements.filter((m) => m.target === "stockroom" && m.scenario === "mixed").map((m) => m.peakRssMb ?? 0);
  if (mixedRss.length)
    out.push(`- peak RSS under the mixed profile: ${Math.max(...mixedRss)} MB (goal < 400): ${verdict(Math.max(...mixedRss) < 400)}`);
  for (const g of report.growth)
    out.push(
      `- growth, ${g.scenario}: p95 ${g.p95Full.toFixed(1)} ms at full scale vs ${g.p95Small.toFixed(1)} ms at 1/50 = ${g.ratio}x (goal ≤ 1.5): ${verdict(g.ratio <= 1.5)}`,
    );
  return out.join("\n");
}

if (process.argv[1] && import.meta.filename === path.resolve(process.argv[1])) {
  main().catch((error: unknown) => {
    process.stderr.write(`error: ${error instanceof BenchError ? error.message : ((error as Error).stack ?? String(error))}\n`);
    process.exit(error instanceof BenchError ? 2 : 1);
  });
}
