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
  // Issue 19's targets for `npm start` (docs/performance.md), each against the framework floor of the same run.
  const floorRatio = (scenario: string, c: number) => {
    const mine = by(scenario, "stockroom", c);
    const floor = by(scenario, "floor", c);
    return mine && floor ? mine.requestsPerSecond / floor.requestsPerSecond : null;
  };
  const ratioGoal = (label: string, scenario: string, c: number, goal: number) => {
    const ratio = floorRatio(scenario, c);
    if (ratio !== null)
      out.push(`- ${label}, ${c} conns: ${ratio.toFixed(2)}x the framework floor (goal ≥ ${goal}): ${verdict(ratio >= goal)}`);
  };
  ratioGoal("warm catalog, tRPC", "catalog-trpc-warm", 8, 1.5);
  ratioGoal("cold catalog, REST", "catalog-rest-cold", 8, 1.0);
  ratioGoal("product by id", "product-by-id", 8, 1.0);
  const reads = report.measurements.filter(
    (m) => m.target === "stockroom" && m.connections === 8 && m.scenario !== "checkout" && m.scenario !== "mixed",
  );
  if (reads.length) {
    const worst = reads.reduce((a, b) => (b.p99ms > a.p99ms ? b : a));
    out.push(
      `- p99 of every read scenario, 8 conns: worst ${worst.p99ms.toFixed(1)} ms (${worst.scenario}) (goal < 50): ${verdict(worst.p99ms < 50)}`,
    );
  }
  for (const c of [8, 32]) ratioGoal("checkout", "checkout", c, 0.8);
  const checkout8 = by("checkout", "stockroom", 8);
  if (checkout8) out.push(`- checkout p95 at 8 conns: ${checkout8.p95ms.toFixed(1)} ms (goal < 100): ${verdict(checkout8.p95ms < 100)}`);
  const checkout128 = by("checkout", "stockroom", 128);
  if (checkout8 && checkout128)
    out.push(
      `- checkout at 128 conns: ${checkout128.requestsPerSecond} orders/s vs ${checkout8.requestsPerSecond} at 8, p99 ${checkout128.p99ms.toFixed(0)} ms (goal: no collapse, 128 ≥ 8): ${verdict(checkout128.requestsPerSecond >= checkout8.requestsPerSecond)}`,
    );
  for (const c of [8, 32]) ratioGoal("mixed profile", "mixed", c, 1.0);
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
    out.push(`- peak RSS under the mixed profile: ${Math.max(...mixedRss)} MB (goal < 300): ${verdict(Math.max(...mixedRss) < 300)}`);
  for (const scenario of ["catalog-trpc-warm", "catalog-rest-cold", "product-by-id", "checkout", "mixed"]) {
    const mine = by(scenario, "stockroom", 8);
    const routed = by(scenario, "nextRouting", 8);
    const t3 = by(scenario, "t3", 8);
    if (mine && routed)
      out.push(
        `- ${scenario}, 8 conns: the fast path answers ${(mine.requestsPerSecond / routed.requestsPerSecond).toFixed(2)}x Next.js routing of the same handlers${t3 ? `, ${(mine.requestsPerSecond / t3.requestsPerSecond).toFixed(2)}x the create-t3-app shape` : ""}`,
      );
  }
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
