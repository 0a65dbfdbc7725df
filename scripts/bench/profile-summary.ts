/**
 * Summarises a V8 CPU profile (node --cpu-prof): self time by package or source file, and the top
 * functions. For finding what the benchmark's Stockroom runs spend their time on (docs/performance.md).
 *
 * Usage: tsx scripts/bench/profile-summary.ts <file.cpuprofile> [top N] [--skip <seconds>]
 * (--skip leaves out the first seconds: start-up and warm-up)
 */
import { readFileSync } from "node:fs";

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
const argv = process.argv.slice(2);
const skipAt = argv.indexOf("--skip");
const skipUs = skipAt >= 0 ? Number(argv.splice(skipAt, 2)[1]) * 1e6 : 0;
const [file, topArg] = argv;
if (!file) {
  console.error("usage: tsx scripts/bench/profile-summary.ts <file.cpuprofile> [top N]");
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, "utf8")) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
const selfUs = new Map<number, number>();
let elapsed = 0;
profile.samples.forEach((id, i) => {
  elapsed += profile.timeDeltas[i] ?? 0;
  if (elapsed >= skipUs) selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);

function area(url: string): string {
  if (!url) return "(native/V8)";
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1]!;
  if (url.startsWith("node:")) return url;
  const src = /\/(src\/[^?]+|scripts\/[^?]+)/.exec(url);
  if (src) return src[1]!;
  const chunk = /\.next[^/]*\/server\/(.*)$/.exec(url);
  return chunk ? `next chunk ${chunk[1]}` : url;
}

const byArea = new Map<string, number>();
const byFunction = new Map<string, number>();
for (const node of profile.nodes) {
  const us = selfUs.get(node.id) ?? 0;
  if (!us) continue;
  const a = area(node.callFrame.url);
  byArea.set(a, (byArea.get(a) ?? 0) + us);
  const fn = `${node.callFrame.functionName || "(anonymous)"}  ${a}:${node.callFrame.lineNumber + 1}`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
}
const top = Number(topArg ?? 25);
const pct = (us: number) => `${((us / total) * 100).toFixed(1).padStart(5)}%`;
console.log(`total sampled: ${(total / 1e6).toFixed(2)} s\n\nself time by package or file:`);
for (const [a, us] of [...byArea].sort((x, y) => y[1] - x[1]).slice(0, top)) console.log(`${pct(us)}  ${a}`);
console.log("\ntop functions (self time):");
for (const [f, us] of [...byFunction].sort((x, y) => y[1] - x[1]).slice(0, top)) console.log(`${pct(us)}  ${f}`);
