/**
 * The benchmark's options (listed in run.ts's header) and shared settings, and how it reports progress and
 * stops.
 */
import path from "node:path";
import { parseArgs } from "node:util";

export const root = path.resolve(import.meta.dirname, "../..");
export const resultsDir = path.join(root, "bench/results");
export const tsxLoader = ["--import", "tsx"];

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    scale: { type: "string" },
    products: { type: "string" },
    orders: { type: "string" },
    customers: { type: "string" },
    duration: { type: "string" },
    warmup: { type: "string" },
    only: { type: "string" },
    "skip-build": { type: "boolean" },
    "no-growth": { type: "boolean" },
    baseline: { type: "boolean" },
    "cpu-prof": { type: "boolean" },
  },
  strict: true,
});

export const flags = {
  skipBuild: values["skip-build"] === true,
  noGrowth: values["no-growth"] === true,
  baseline: values.baseline === true,
  cpuProfile: values["cpu-prof"] === true,
};
const scaleFactor = Number(values.scale ?? 1);
export const scale = {
  products: Number(values.products ?? Math.round(50_000 * scaleFactor)),
  orders: Number(values.orders ?? Math.round(100_000 * scaleFactor)),
  customers: Number(values.customers ?? Math.max(50, Math.round(1_000 * scaleFactor))),
};
export type Scale = typeof scale;
export const durationSeconds = Number(values.duration ?? 4);
export const warmupSeconds = Number(values.warmup ?? 1);
export const only = values.only?.split(",");

export const adminUrl = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
export const redisUrl = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";

/** The servers' AUTH_SECRET, with which the fixtures sign the customers' session cookies. */
export const authSecret = "bench-auth-secret-0123456789abcdef0123456789";
export const sessionCookieName = "__Secure-authjs.session-token";

export const cpuProfileDir = path.join(resultsDir, `cpu-${process.pid}`);
/** How `npm start` and `npm run start:api` run the servers (V8's heap capped), plus profiling when asked. */
export const stockroomNode = [
  `--max-old-space-size=224`,
  ...(flags.cpuProfile ? ["--cpu-prof", `--cpu-prof-dir=${cpuProfileDir}`] : []),
  ...tsxLoader,
];

/** A problem that stops the benchmark; thrown (not exited) so that servers, databases and keys are cleaned up. */
export class BenchError extends Error {}

export function fail(message: string): never {
  throw new BenchError(message);
}

export function log(message: string) {
  process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${message}\n`);
}
