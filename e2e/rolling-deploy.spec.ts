/**
 * A rolling deploy under load loses nothing: the short form of `npm run deploy:rehearse`
 * (scripts/deploy/rehearsal.ts). nginx in front of two production instances, reads and checkouts through
 * it while A and then B are taken out, stopped, replaced and put back.
 */
import { expect, test } from "@playwright/test";
import { passed, rehearseRollingDeploy, renderReport } from "../scripts/deploy/rehearsal";

test("replacing both instances behind nginx under load fails no request and loses or duplicates no order", async () => {
  // Four instance starts, a seeded database and three phases of load; on a busy machine each is slower.
  test.setTimeout(300_000);
  const report = await rehearseRollingDeploy({
    phaseSeconds: 3,
    connections: 8,
    redisUrl: process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379",
    postgresAdminUrl: process.env.TEST_POSTGRES_URL,
    log: () => undefined,
  });
  const text = renderReport(report);
  console.log(text);

  // Load flowed through every phase, checkouts included, and both instances were replaced cleanly.
  expect(report.byStatus["200"] ?? 0, text).toBeGreaterThan(0);
  expect(report.ordersConfirmed, text).toBeGreaterThan(0);
  expect(
    report.replacements.map((r) => [r.instance, r.exitCode]),
    text,
  ).toEqual([
    ["A", 0],
    ["B", 0],
  ]);
  // The target: no failed answer, no socket error, nothing nginx had to retry, every confirmed order
  // stored once, stock still the ledger's sum.
  expect(report.failedAnswers, text).toBe(0);
  expect(report.socketErrors, text).toEqual({});
  expect(report.upstreamErrors, text).toEqual([]);
  expect({ lost: report.lost, duplicated: report.duplicated }, text).toEqual({ lost: 0, duplicated: 0 });
  expect(report.ordersInDatabase, text).toBe(report.ordersConfirmed);
  expect(report.stockMatchesLedger, text).toBe(true);
  expect(passed(report)).toBe(true);
});
