/**
 * The event feed never skips an event whose transaction commits late: on the PostgreSQL server, where one
 * transaction can stay open while others commit.
 */
import pg from "pg";
import { describe, expect, it } from "vitest";
import { newEventId } from "../../src/server/events/record";
import { apiKey, newProduct, userCaller } from "./helpers";
import { rest } from "./rest-request";

/** Waiting for the feed: the bound is generous (a busy machine), the wait ends as soon as the events are there. */
const feedWait = { timeout: 60_000, interval: 50 };

/** All events of `key`'s types after `cursor`, paging to the end; the cursor to continue from. */
async function readFeed(secret: string, cursor: string | null) {
  const ids: string[] = [];
  for (;;) {
    const res = await rest("GET", `/events?type=stock.adjusted&limit=100${cursor ? `&cursor=${cursor}` : ""}`, { key: secret });
    expect(res.status).toBe(200);
    ids.push(...res.body!.data.map((e: { id: string }) => e.id));
    cursor = res.body!.meta.nextCursor;
    if (res.body!.data.length < 100) return { ids, cursor };
  }
}

describe("event feed order (PostgreSQL server)", () => {
  it("holds back events written after a transaction that is still open, then gives both in order", async () => {
    const product = await newProduct({ stock: 10 });
    const { secret } = await apiKey(["products:read"]);
    // Start after the product's own events (listed once the transactions before them have finished).
    await expect.poll(async () => (await readFeed(secret, null)).ids.length, feedWait).toBeGreaterThan(0);
    const start = await readFeed(secret, null);

    // A transaction writes its event first and stays open, as a slow mutation would.
    const slow = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await slow.connect();
    const slowId = newEventId();
    try {
      await slow.query("BEGIN");
      await slow.query(
        `INSERT INTO "Event" (id, type, version, "actorType", "subjectId", payload) VALUES ($1, 'stock.adjusted', 1, 'SYSTEM', $2, $3)`,
        [slowId, product.id, { productId: product.id, sku: product.sku, delta: 0, reason: "CORRECTION", note: "slow", stock: 10 }],
      );
      // Meanwhile another change commits its event.
      await (await userCaller("staff")).stock.adjust({ productId: product.id, delta: -1, reason: "DAMAGED" });
      const during = await readFeed(secret, start.cursor);
      expect(during.ids, "nothing after the open transaction is listed while it is open").toEqual([]);
      expect(during.cursor).toBe(start.cursor);
      await slow.query("COMMIT");
    } finally {
      await slow.end();
    }
    // Listed once every transaction on the server that began before them has finished (other test files
    // write too): wait for both.
    await expect.poll(async () => (await readFeed(secret, start.cursor)).ids.length, feedWait).toBe(2);
    const after = await readFeed(secret, start.cursor);
    expect(after.ids[0], "the event of the transaction that began first comes first").toBe(slowId);
  });
});
