/**
 * Two benchmark results side by side (e.g. yours against the committed baseline):
 *
 *   tsx scripts/bench/compare.ts bench/results/baseline.json bench/results/<time>.json
 *
 * Prints, for every scenario, connections and target both runs measured: requests/s and p99 of each, and
 * the change. On a shared 2-core machine, single runs differ by up to a third; look for changes larger
 * than that, or repeat.
 */
import { readFileSync } from "node:fs";
import type { Measurement } from "./measure";
import { targetNames } from "./scenarios";

const [first, second] = process.argv.slice(2);
if (!first || !second) {
  console.error("usage: tsx scripts/bench/compare.ts <a.json> <b.json>");
  process.exit(2);
}
const load = (file: string) => (JSON.parse(readFileSync(file, "utf8")) as { measurements: Measurement[]; when: string }).measurements;
const a = load(first);
const b = load(second);
const key = (m: Measurement) => `${m.scenario}|${m.connections}|${m.target}`;
const inB = new Map(b.map((m) => [key(m), m]));

console.log(`| scenario | conns | target | req/s A | req/s B | change | p99 A ms | p99 B ms |`);
console.log(`|---|---|---|---|---|---|---|---|`);
for (const m of a) {
  const other = inB.get(key(m));
  if (!other) continue;
  const change = Math.round((other.requestsPerSecond / m.requestsPerSecond - 1) * 100);
  console.log(
    `| ${m.scenario} | ${m.connections} | ${targetNames[m.target]} | ${m.requestsPerSecond} | ${other.requestsPerSecond} | ${change > 0 ? "+" : ""}${change}% | ${m.p99ms.toFixed(1)} | ${other.p99ms.toFixed(1)} |`,
  );
}
