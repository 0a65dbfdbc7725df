/** The benchmark's report: the table and the verdicts against the targets of docs/performance.md. */
import type { RealtimeFigures } from "./realtime";
import type { WebhookFigures } from "./webhooks";
import os from "node:os";
import type { Measurement } from "./measure";
import type { Scale } from "./options";
import { targetNames, targets, type Target } from "./scenarios";

export function machine() {
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

export type Report = {
  referenceSqlMatches: boolean;
  measurements: Measurement[];
  oversell: { negative: number; ledgerMismatches: number } | null;
  webhooks?: WebhookFigures[];
  realtime?: RealtimeFigures[];
  growth: { scenario: string; p95Full: number; p95Small: number; ratio: number }[];
  machine: ReturnType<typeof machine>;
  scale: Scale;
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
    const routed = by(scenario, "nextRouting", 8);
    const floor = by(scenario, "floor", 8);
    if (routed && floor)
      out.push(
        `- ${scenario} with the API routed by Next.js (API_FAST_PATH=off): ${(routed.requestsPerSecond / floor.requestsPerSecond).toFixed(2)}x the framework floor, p99 ${routed.p99ms.toFixed(1)} ms`,
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
  const plainCheckout = by("checkout", "stockroom", 8);
  for (const w of report.webhooks ?? []) {
    const ratio = plainCheckout ? w.checkoutsPerSecond / plainCheckout.requestsPerSecond : null;
    out.push(
      `- webhooks, ${w.endpoints} endpoint(s): ${w.deliveries} delivered (${w.deliveriesPerSecond}/s, ${w.missing} missing), commit→delivery p50 ${w.delayP50ms} p95 ${w.delayP95ms} p99 ${w.delayP99ms} ms (goal p95 < 1000): ${verdict(w.delayP95ms < 1000 && w.missing === 0)}; checkout ${w.checkoutsPerSecond} req/s${ratio === null ? "" : ` = ${ratio.toFixed(2)} of the run without webhooks (goal ≥ 0.90): ${verdict(ratio >= 0.9)}`}`,
    );
  }
  for (const r of report.realtime ?? []) {
    out.push(
      `- realtime, ${r.streams} streams: ${r.opened} opened in ${r.openSeconds} s, ${r.rssPerStreamKiB} KiB RSS (${r.heapPerStreamKiB} KiB heap) per stream, idle CPU ${r.idleCpuPercent}% of a core, commit→client p50 ${r.delayP50ms} p95 ${r.delayP95ms} p99 ${r.delayP99ms} ms, ${r.missing} missing${r.failure ? `, broke: ${r.failure}` : ""}` +
        (r.streams === 5_000
          ? ` (goal p99 < 500 ms and < 200 MB extra: ${verdict(!r.failure && r.missing === 0 && r.delayP99ms < 500 && (r.rssPerStreamKiB * r.streams) / 1024 < 200)})`
          : ""),
    );
  }
  for (const g of report.growth)
    out.push(
      `- growth, ${g.scenario}: p95 ${g.p95Full.toFixed(1)} ms at full scale vs ${g.p95Small.toFixed(1)} ms at 1/50 = ${g.ratio}x (goal ≤ 1.5): ${verdict(g.ratio <= 1.5)}`,
    );
  return out.join("\n");
}
