/** One measured run: wrk drives a scenario's requests at one target, with the server's memory sampled. */
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { durationSeconds, fail, root, warmupSeconds } from "./options";
import { forRun, toLine, type Fixtures, type Scenario, type Target } from "./scenarios";
import type { Server } from "./servers";

export interface WrkResult {
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

export async function wrk(origin: string, requestFile: string, connections: number, seconds: number): Promise<WrkResult> {
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
  child.stdout.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr.on("data", (c: Buffer) => (out += c.toString()));
  await new Promise((r) => child.once("exit", r));
  const line = out.split("\n").find((l) => l.startsWith("BENCH_RESULT "));
  if (!line) fail(`wrk gave no result:\n${out}`);
  return JSON.parse(line.slice("BENCH_RESULT ".length)) as WrkResult;
}

/** Cold runs: what makes sure no answer comes from the cache (see Scenario.cold). */
export interface Coldness {
  /** Moves the catalog cache to a new version: every cached page is left behind. */
  bumpCatalog(): Promise<void>;
  /** A slot no other run of the same scenario uses. */
  slot(scenario: string, target: Target, phase: "warmup" | "measured"): number;
  slots: number;
}

export function requestFile(scenario: Scenario, target: Target, f: Fixtures, phase: string): string {
  const lines = scenario.requests(f).map((r) => toLine(r, target, f));
  const file = path.join(os.tmpdir(), `stockroom-bench-${process.pid}-${scenario.name}-${target}-${phase}.txt`);
  writeFileSync(file, `${lines.join("\n")}\n`);
  return file;
}

export async function measure(
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
