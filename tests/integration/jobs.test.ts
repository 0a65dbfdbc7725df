/**
 * The job runner: the scheduled clean-ups (with the clock passed in), their schedules, and a job run through
 * the queue on each backend.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDatabase } from "../../src/server/db";
import { expireIdempotencyKeys, pruneEvents, pruneWebhookDeliveries, removeAbandonedCarts } from "../../src/server/jobs/maintenance";
import { scheduledJobs, type JobRunner } from "../../src/server/jobs/runner";
import { startTestJobRunner } from "./job-runner";
import { newCustomer, newProduct, unique, userCaller } from "./helpers";

const DAY = 86_400_000;

describe("several instances", () => {
  it("start their runners at the same moment on one database: both start and share one set of schedules", async () => {
    // First in the file, before any runner has run. Each instance's workers start together in a rolling deploy; creating queues at start-up deadlocked here.
    const runners = await Promise.all([startTestJobRunner(), startTestJobRunner(), startTestJobRunner()]);
    try {
      const schedules = await runners[0].queue.getSchedules();
      expect(schedules.map((s) => s.name).sort()).toEqual(scheduledJobs.map((j) => j.name).sort());
    } finally {
      await Promise.all(runners.map((r) => r.stop()));
    }
  });
});

describe("scheduled clean-ups", () => {
  it("prune events older than the retention window, and only those", async () => {
    const db = getDatabase().db;
    const product = await newProduct({ stock: 5 }); // records product.created and stock.adjusted now
    await db.event.updateMany({ where: { subjectId: product.id, type: "product.created" }, data: { at: new Date(Date.now() - 31 * DAY) } });
    expect(await pruneEvents(db, new Date(), 30)).toBeGreaterThanOrEqual(1);
    expect((await db.event.findMany({ where: { subjectId: product.id } })).map((e) => e.type)).toEqual(["stock.adjusted"]);
  });

  it("forget idempotency keys after the window without touching the order's updatedAt: the key then places a new order", async () => {
    const db = getDatabase().db;
    const product = await newProduct({ stock: 10 });
    const { caller } = await newCustomer();
    const key = unique("idem");
    const lines = [{ productId: product.id, quantity: 1 }];
    const first = await caller.order.create({ idempotencyKey: key, lines });
    const before = await db.order.findUniqueOrThrow({ where: { id: first.id } });
    expect(await expireIdempotencyKeys(db, new Date(Date.now() + 23 * 3_600_000), 24)).toBe(0);
    expect((await caller.order.create({ idempotencyKey: key, lines })).id).toBe(first.id); // still a replay
    expect(await expireIdempotencyKeys(db, new Date(Date.now() + 25 * 3_600_000), 24)).toBeGreaterThanOrEqual(1);
    const after = await db.order.findUniqueOrThrow({ where: { id: first.id } });
    expect(after).toMatchObject({ idempotencyKey: null, idempotencyFingerprint: null });
    expect(after.updatedAt).toEqual(before.updatedAt); // not a change for GET /orders/changes
    expect((await caller.order.create({ idempotencyKey: key, lines })).id).not.toBe(first.id);
  });

  it("empty carts untouched for N days and keep the others", async () => {
    const db = getDatabase().db;
    const product = await newProduct({ stock: 10 });
    const stale = await newCustomer();
    const fresh = await newCustomer();
    await stale.caller.cart.add({ productId: product.id, quantity: 1 });
    await fresh.caller.cart.add({ productId: product.id, quantity: 2 });
    await db.$executeRaw`UPDATE "CartItem" SET "updatedAt" = now() - interval '31 days' WHERE "userId" = ${stale.user.id}`;
    expect(await removeAbandonedCarts(db, new Date(), 30)).toBe(1);
    expect(await db.cartItem.count({ where: { userId: stale.user.id } })).toBe(0);
    expect(await db.cartItem.count({ where: { userId: fresh.user.id } })).toBe(1);
  });

  it("prune old finished deliveries and keep pending ones", async () => {
    const db = getDatabase().db;
    const admin = await userCaller("admin");
    const { endpoint } = await admin.webhooks.create({ url: "https://erp.example.com/hooks", eventTypes: ["order.created"] });
    const base = { endpointId: endpoint.id, eventType: "order.created", body: "{}" };
    await db.webhookDelivery.createMany({
      data: [
        { ...base, id: unique("whd"), eventId: unique("evt"), status: "SUCCEEDED", createdAt: new Date(Date.now() - 40 * DAY) },
        { ...base, id: unique("whd"), eventId: unique("evt"), status: "PENDING", createdAt: new Date(Date.now() - 40 * DAY) },
        { ...base, id: unique("whd"), eventId: unique("evt"), status: "FAILED", createdAt: new Date() },
      ],
    });
    expect(await pruneWebhookDeliveries(db, new Date(), 30)).toBe(1);
    expect((await db.webhookDelivery.findMany({ where: { endpointId: endpoint.id } })).map((d) => d.status).sort()).toEqual([
      "FAILED",
      "PENDING",
    ]);
  });
});

describe("the runner", () => {
  let runner: JobRunner;
  beforeAll(async () => {
    runner = await startTestJobRunner();
  });
  afterAll(() => runner?.stop());

  it("schedules every clean-up (UTC cron) and runs one sent to its queue", async () => {
    const schedules = await runner.queue.getSchedules();
    expect(schedules.map((s) => [s.name, s.cron]).sort()).toEqual(scheduledJobs.map((j) => [j.name, j.cron]).sort());

    const db = getDatabase().db;
    const product = await newProduct();
    await db.event.updateMany({ where: { subjectId: product.id }, data: { at: new Date(Date.now() - 40 * DAY) } });
    const jobId = await runner.queue.send("maintenance-prune-events", {});
    expect(jobId).toBeTruthy();
    await expect.poll(() => db.event.count({ where: { subjectId: product.id } }), { timeout: 60_000, interval: 100 }).toBe(0);
    await expect
      .poll(async () => (await runner.queue.getJobById("maintenance-prune-events", jobId!))?.state, { timeout: 60_000 })
      .toBe("completed");
  });
});
