/**
 * Realtime across connections of the PostgreSQL server: an event committed through another instance's
 * connection pool reaches this process's streams (the notification, not a poll, wakes the hub), and
 * draining (SIGTERM) ends every stream with SERVER_RESTARTING so that clients resume elsewhere.
 */
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDatabase } from "../../src/server/db";
import { openDatabase } from "../../src/server/db/client";
import { createInnerContext } from "../../src/server/context";
import { reasonOf } from "../../src/server/errors";
import { beginDraining } from "../../src/server/lifecycle";
import { silentLogger } from "../../src/server/logger";
import { getMetrics } from "../../src/server/observability/metrics";
import { EventHub } from "../../src/server/realtime/hub";
import { getEventHub } from "../../src/server/realtime/process-hub";
import { liveEvents } from "../../src/server/realtime/stream";
import { createCaller } from "../../src/server/routers/_app";
import { unique, userActor } from "./helpers";
import { openStream } from "./live-stream";

// Another instance: its own pool on the same database, nothing shared in process but the server.
let other: ReturnType<typeof openDatabase>;
beforeAll(() => {
  other = openDatabase(getDatabase().target, { poolSize: 2 });
});
afterAll(() => other?.close());

describe("fan-out across instances", () => {
  it("an event committed through another instance's connections reaches a stream here, woken by its notification", async () => {
    // A hub whose safety poll would not run for an hour: only the notification can bring the event.
    const hub = await EventHub.open({
      handle: getDatabase(),
      logger: silentLogger,
      metrics: getMetrics(),
      maxStreams: 10,
      maxStreamsPerKey: 10,
      safetyPollMs: 3_600_000,
    });
    const abort = new AbortController();
    const skus: string[] = [];
    const reading = (async () => {
      const events = liveEvents({
        hub,
        db: getDatabase().db,
        metrics: getMetrics(),
        procedure: "test",
        limitKey: "test",
        accept: (event) => event.type === "product.created",
        stillAllowed: async () => true,
        recheckMs: 60_000,
        signal: abort.signal,
      });
      for await (const event of events) skus.push((event.data as { sku: string }).sku.toUpperCase());
    })();
    await expect.poll(() => hub.openStreams).toBe(1);
    const staff = await userActor("staff");
    const elsewhere = createCaller(createInnerContext({ db: other.db, actor: staff }));
    const sku = unique("FAN").toUpperCase();
    await elsewhere.products.create({ sku, name: `Fan-out ${sku}`, priceMinor: 100 });
    await expect.poll(() => skus, { timeout: 30_000 }).toContain(sku);
    abort.abort();
    await reading;
    await hub.close();
  });

  it("the listening connection is one per process, however many streams", async () => {
    const staff = await userActor("staff");
    const streams = await Promise.all([0, 1, 2].map(() => openStream(staff, (c) => c.events.live({}))));
    const [row] = await getDatabase().db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'stockroom-listen'`;
    expect(Number(row!.n)).toBe(1);
    for (const stream of streams) await stream.close();
  });
});

describe("draining", () => {
  it("ends every stream at once with SERVER_RESTARTING (the client reconnects elsewhere and resumes)", async () => {
    const staff = await userActor("staff");
    const streams = await Promise.all([0, 1].map(() => openStream(staff, (c) => c.events.live({}))));
    beginDraining();
    for (const stream of streams) {
      await expect.poll(() => stream.ended(), { timeout: 30_000 }).toBe(true);
      const error = stream.error();
      expect(error).toBeInstanceOf(TRPCError);
      expect([(error as TRPCError).code, reasonOf(error)?.reason]).toEqual(["SERVICE_UNAVAILABLE", "SERVER_RESTARTING"]);
    }
    expect((await getEventHub()).openStreams).toBe(0);
  });
});
