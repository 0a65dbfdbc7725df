/**
 * `npm run bench`: Stockroom against three references, side by side, at scale (docs/performance.md).
 *
 *   npm run bench                         default scale: 50,000 products, 100,000 orders, 1,000 customers
 *   npm run bench -- --scale 0.1          a tenth of it (or --products N --orders N --customers N)
 *   npm run bench -- --duration 10        seconds per measured run (default 4, after a 1 s warm-up)
 *   npm run bench -- --only catalog-trpc-warm,checkout   some scenarios (`webhooks`, `realtime`: those phases)
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
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import IORedis from "ioredis";
import { deleteKeys, freePort } from "../../tests/setup/redis";
import { admin, checkReferenceSql, createDatabase, fixtures, oversellCheck } from "./database";
import { measure, requestFile, wrk, type Coldness, type Measurement } from "./measure";
import {
  BenchError,
  cpuProfileDir,
  durationSeconds,
  fail,
  flags,
  log,
  only,
  redisUrl,
  resultsDir,
  root,
  scale,
  stockroomNode,
  tsxLoader,
  warmupSeconds,
} from "./options";
import { machine, renderReport } from "./report";
import { scenarios, targetNames, targets, type Fixtures, type Scenario, type Target } from "./scenarios";
import { startServer, stockroomEnv, type Server } from "./servers";
import { build, ensureWrk } from "./tools";
import { realtimePhase } from "./realtime";
import { webhookPhase } from "./webhooks";

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
  if (only && chosen.length !== only.filter((name) => name !== "webhooks" && name !== "realtime").length)
    fail(`unknown scenario in --only; the scenarios are ${scenarios.map((s) => s.name).join(", ")}, webhooks, realtime`);
  return chosen.map((scenario) => ({
    scenario,
    connections: scenario.write || scenario.name === "catalog-trpc-warm" || scenario.name === "catalog-rest-cold" ? [8, 32, 128] : [8],
  }));
}

function targetsFor(scenario: Scenario, connections: number): Target[] {
  return connections === 8 || scenario.write ? targets : ["stockroom", "nextRouting"];
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
    // The same server with the API routed by Next.js, as `next start` or a serverless host serves it.
    const nextRouting = await startServer(
      "next-routing",
      [...stockroomNode, "scripts/server.ts", "-H", "127.0.0.1", "-p", String(apiPort)],
      { ...stockroomEnv(url, prefix, apiPort), API_FAST_PATH: "off" },
      apiPort,
      path.join(resultsDir, `${stamp}-next-routing.log`),
    );
    servers.push(nextRouting);
    const bare = await startServer(
      "bare",
      [...tsxLoader, "scripts/bench/bare-server.ts", String(barePort)],
      { DATABASE_URL: url, DATABASE_POOL_SIZE: "10" },
      barePort,
      path.join(resultsDir, `${stamp}-bare.log`),
    );
    servers.push(bare);
    const serverFor: Record<Target, Server> = { stockroom, nextRouting, t3: nextRouting, plainTrpc: nextRouting, floor: nextRouting, bare };

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
    const growthScenarios = flags.noGrowth
      ? []
      : ["catalog-rest-cold", "search", "customer-orders", "staff-orders-by-status"].filter((n) => !only || only.includes(n));
    const growthP95 = async (databaseUrl: string, fx: Fixtures, keyPrefix: string) => {
      const port = await freePort();
      const server = await startServer(
        "api-only-no-cache",
        [...stockroomNode, "scripts/server.ts", "--api-only", "-H", "127.0.0.1", "-p", String(port)],
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
              "stockroom",
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
    const webhooks =
      !only || only.includes("webhooks") ? await webhookPhase(url, stockroom, f, cold, stockroomEnv(url, prefix, stockroomPort)) : [];
    const realtime = !only || only.includes("realtime") ? await realtimePhase(url, stockroom) : [];

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
      webhooks,
      realtime,
      growth,
      minutes: Math.round((Date.now() - started) / 600) / 100,
    };
    const file = path.join(resultsDir, `${stamp}.json`);
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    if (flags.baseline) writeFileSync(path.join(resultsDir, "baseline.json"), `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(`\n${renderReport(report)}\n`);
    if (flags.cpuProfile) {
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

if (process.argv[1] && import.meta.filename === path.resolve(process.argv[1])) {
  main().catch((error: unknown) => {
    process.stderr.write(`error: ${error instanceof BenchError ? error.message : ((error as Error).stack ?? String(error))}\n`);
    process.exit(error instanceof BenchError ? 2 : 1);
  });
}
