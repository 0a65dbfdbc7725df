/**
 * Webhooks end to end on both backends: endpoints registered over tRPC and REST, the job runner started
 * over the test's database, and real receivers on loopback ports. Deliveries are verified with the
 * standardwebhooks package a receiver would use. Waits are for what the receiver got, never for durations.
 */
import type { LookupAddress } from "node:dns";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetServerConfig } from "../../src/server/config";
import { getDatabase } from "../../src/server/db";
import type { JobRunner } from "../../src/server/jobs/runner";
import { startTestJobRunner } from "./job-runner";
import { apiKey, expectTrpcError, newCustomer, newProduct, unique, userCaller } from "./helpers";
import { rest } from "./rest-request";
import { answer, startReceiver, verified, type Receiver } from "./webhook-receiver";

// Bounds for waiting on a busy machine; they only matter when something is broken.
const delivery = { timeout: 60_000, interval: 50 };

// Host names a hostile DNS server would answer: rebind.test resolves to a private address at delivery time.
const hostileDns = async (hostname: string): Promise<LookupAddress[]> => {
  if (hostname === "rebind.test") return [{ address: "10.0.0.7", family: 4 }];
  if (hostname === "metadata.test") return [{ address: "169.254.169.254", family: 4 }];
  return [{ address: "127.0.0.1", family: 4 }];
};

let receiver: Receiver;
let runner: JobRunner;
const savedEnv = { ...process.env };

beforeAll(async () => {
  process.env.WEBHOOK_ALLOW_LOCALHOST = "true";
  process.env.WEBHOOK_RETRY_DELAY_SECONDS = "1";
  resetServerConfig();
  receiver = await startReceiver();
  runner = await startTestJobRunner({
    resolver: hostileDns,
    relayPollMs: 100,
    endpointSyncMs: 200,
  });
});

afterAll(async () => {
  await runner?.stop();
  await receiver?.close();
  process.env = savedEnv;
  resetServerConfig();
});

async function adminCreates(path: string, eventTypes: string[], url = receiver.url(path)) {
  const admin = await userCaller("admin");
  return admin.webhooks.create({ url, eventTypes: eventTypes as never, description: `test ${path}` });
}

function receivedAt(path: string) {
  return receiver.received.filter((r) => r.path === path);
}

describe("webhooks", { timeout: 120_000 }, () => {
  it("orders over tRPC and REST, a cancellation and a low-stock adjustment each arrive signed, once", async () => {
    const path = `/erp-${unique("a")}`;
    const { endpoint, secret } = await adminCreates(path, ["order.created", "order.cancelled", "stock.low"]);
    expect(secret).toMatch(/^whsec_/);

    const product = await newProduct({ stock: 10, lowStockThreshold: 3, priceMinor: 500 });
    const { caller } = await newCustomer();
    const web = await caller.order.create({ idempotencyKey: unique("wh"), lines: [{ productId: product.id, quantity: 2 }] });
    const key = await apiKey(["orders:write"]);
    const customer = await newCustomer();
    const placed = await rest("POST", "/orders", {
      key: key.secret,
      headers: { "idempotency-key": unique("wh-rest") },
      body: { customerId: customer.user.id, lines: [{ productId: product.id, quantity: 1 }] },
    });
    expect(placed.status).toBe(201);
    await caller.order.transition({ id: web.id, to: "CANCELLED" }); // stock back to 9
    const staff = await userCaller("staff");
    await staff.stock.adjust({ productId: product.id, delta: -7, reason: "DAMAGED" }); // 2: crosses 3

    await expect.poll(() => receivedAt(path).length, delivery).toBe(4);
    const got = receivedAt(path);
    expect(got.map((r) => r.json.type)).toEqual(["order.created", "order.created", "order.cancelled", "stock.low"]);
    for (const request of got) {
      expect(verified(secret, request)).toEqual(request.json);
      expect(request.headers["webhook-id"]).toBe(request.json.id);
      expect(request.headers["webhook-id"]).toMatch(/^evt_/);
    }
    expect(got[0]!.json.data).toMatchObject({ orderId: web.id, totalMinor: 1000 });
    expect(got[1]!.json.data).toMatchObject({ orderId: placed.body!.data.id, customerId: customer.user.id });
    expect(got[3]!.json.data).toEqual({ productId: product.id, sku: product.sku, stock: 2, lowStockThreshold: 3 });

    // Nothing more turns up, and the delivery log says each was received at the first attempt.
    await runner.drained();
    const log = await (await userCaller("admin")).webhooks.deliveries({ id: endpoint.id });
    expect(log.items).toHaveLength(4);
    expect(log.items.every((d) => d.status === "SUCCEEDED" && d.attemptCount === 1 && d.attempts[0]!.statusCode === 200)).toBe(true);
    expect(receivedAt(path)).toHaveLength(4);
  });

  it("a rolled-back checkout sends nothing", async () => {
    const path = `/rollback-${unique("b")}`;
    await adminCreates(path, ["order.created", "stock.out", "stock.low"]);
    const euro = await newProduct({ stock: 1, currency: "EUR" });
    const dollar = await newProduct({ stock: 5, currency: "USD" });
    const { caller } = await newCustomer();
    const mixed = [
      { productId: euro.id, quantity: 1 },
      { productId: dollar.id, quantity: 1 },
    ];
    await expectTrpcError(caller.order.create({ idempotencyKey: unique("rb"), lines: mixed }), "UNPROCESSABLE_CONTENT", "MIXED_CURRENCIES");
    // A later committed order is delivered: everything before it has been relayed by then.
    const order = await caller.order.create({ idempotencyKey: unique("rb"), lines: [{ productId: dollar.id, quantity: 1 }] });
    await expect.poll(() => receivedAt(path).length, delivery).toBeGreaterThan(0);
    await runner.drained();
    expect(receivedAt(path).map((r) => [r.json.type, r.json.data.orderId])).toEqual([["order.created", order.id]]);
  });

  it("a receiver down for a while gets everything, in order, once it answers again", async () => {
    const path = `/flaky-${unique("c")}`;
    const { endpoint, secret } = await adminCreates(path, ["product.created", "product.updated"]);
    receiver.on(path, answer(503, "down for maintenance"));
    const staff = await userCaller("staff");
    const product = await newProduct();
    await staff.products.update({ id: product.id, name: "Renamed once" });
    await expect.poll(() => receivedAt(path).length, delivery).toBeGreaterThanOrEqual(2);
    receiver.on(path, answer(200));
    await expect
      .poll(async () => await getDatabase().db.webhookDelivery.count({ where: { endpointId: endpoint.id, status: "SUCCEEDED" } }), delivery)
      .toBe(2);
    const ids = new Set(receivedAt(path).map((r) => r.headers["webhook-id"]));
    expect(ids.size).toBe(2); // retries carried the same webhook-id
    for (const request of receivedAt(path)) expect(verified(secret, request)).toBeTruthy();
    const attempts = await getDatabase().db.webhookAttempt.findMany({
      where: { delivery: { endpointId: endpoint.id } },
      orderBy: { id: "asc" },
    });
    expect(attempts[0]).toMatchObject({ statusCode: 503, responseExcerpt: "down for maintenance", error: "HTTP 503" });
    expect(attempts.at(-1)).toMatchObject({ statusCode: 200, error: null });
    expect((await getDatabase().db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).failingSince).toBeNull();
  });

  it("410 Gone disables the endpoint and says why", async () => {
    const path = `/gone-${unique("d")}`;
    const { endpoint } = await adminCreates(path, ["product.created"]);
    receiver.on(path, answer(410, "gone"));
    await newProduct();
    const admin = await userCaller("admin");
    await expect.poll(async () => (await admin.webhooks.byId({ id: endpoint.id })).enabled, delivery).toBe(false);
    expect(await admin.webhooks.byId({ id: endpoint.id })).toMatchObject({ disabledReason: "the receiver answered 410 Gone" });
    const [failed] = (await admin.webhooks.deliveries({ id: endpoint.id })).items;
    expect(failed).toMatchObject({ status: "FAILED", attemptCount: 1, attempts: [{ statusCode: 410 }] });
    await expectTrpcError(
      admin.webhooks.retryDelivery({ id: endpoint.id, deliveryId: failed!.id }),
      "CONFLICT",
      "WEBHOOK_ENDPOINT_DISABLED",
    );
  });

  it("a receiver that sleeps past the timeout does not hold up another endpoint", async () => {
    const slowPath = `/slow-${unique("e")}`;
    const fastPath = `/fast-${unique("e")}`;
    const slow = await adminCreates(slowPath, ["product.created"]);
    await adminCreates(fastPath, ["product.created"]);
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    // Requests to the slow receiver that Stockroom is still waiting on (a timed-out one closes its connection).
    let slowInFlight = 0;
    receiver.on(slowPath, async (_request, response) => {
      slowInFlight += 1;
      response.once("close", () => (slowInFlight -= 1));
      await released;
      response.end("late");
    });
    const fastWhileSlowWaited: boolean[] = [];
    receiver.on(fastPath, (request, response) => {
      fastWhileSlowWaited.push(slowInFlight > 0);
      void answer(200)(request, response);
    });
    for (let i = 0; i < 3; i++) await newProduct();
    // The fast receiver gets all three, and gets some while a request to the slow one is still open: with one
    // delivery at a time across endpoints, none could arrive then.
    await expect.poll(() => receivedAt(fastPath).length, delivery).toBe(3);
    expect(fastWhileSlowWaited).toContain(true);
    const slowAttempts = () =>
      getDatabase().db.webhookAttempt.findMany({ where: { delivery: { endpointId: slow.endpoint.id } }, orderBy: { id: "asc" } });
    await expect.poll(async () => (await slowAttempts())[0]?.error, delivery).toBe("timed out after 2000 ms");
    release();
  });

  it("refuses private addresses when saved and at connection time, and follows no redirect", async () => {
    const admin = await userCaller("admin");
    for (const url of [
      "https://169.254.169.254/latest",
      "https://10.1.2.3/hook",
      "https://[fd00::1]/hook",
      "http://erp.example.com/hook",
      "https://user:pw@erp.example.com/",
    ]) {
      await expectTrpcError(admin.webhooks.create({ url, eventTypes: ["product.created"] }), "BAD_REQUEST", "WEBHOOK_URL_REFUSED");
    }
    // Names that resolve to private addresses pass when saved (DNS may change) and are refused when connecting.
    const rebind = await admin.webhooks.create({ url: "https://rebind.test/hook", eventTypes: ["product.created"] });
    const metadata = await admin.webhooks.create({ url: "https://metadata.test/hook", eventTypes: ["product.created"] });
    const redirectPath = `/redirect-${unique("f")}`;
    const redirect = await adminCreates(redirectPath, ["product.created"]);
    const targetPath = `/target-${unique("f")}`;
    receiver.on(redirectPath, (_request, response) => void response.writeHead(302, { location: receiver.url(targetPath) }).end());
    await newProduct();
    const firstError = async (endpointId: string) =>
      (await getDatabase().db.webhookAttempt.findFirst({ where: { delivery: { endpointId } }, orderBy: { id: "asc" } })) ?? null;
    await expect
      .poll(async () => (await firstError(rebind.endpoint.id))?.error, delivery)
      .toBe("address refused: 10.0.0.7 is in a private range");
    await expect
      .poll(async () => (await firstError(metadata.endpoint.id))?.error, delivery)
      .toBe("address refused: 169.254.169.254 is in a linkLocal range");
    await expect.poll(async () => (await firstError(redirect.endpoint.id))?.statusCode, delivery).toBe(302);
    expect(receivedAt(targetPath)).toHaveLength(0);
  });

  it("over REST: an integrator registers, pings, rotates, reads the log, retries and deletes", async () => {
    const key = await apiKey(["webhooks:write", "orders:read"]);
    const path = `/rest-${unique("g")}`;
    const refused = await rest("POST", "/webhook-endpoints", {
      key: key.secret,
      body: { url: receiver.url(path), eventTypes: ["stock.low"] },
    });
    expect(refused.status).toBe(403);
    expect(refused.body!.errors).toEqual([expect.objectContaining({ code: "EVENT_TYPE_FORBIDDEN", field: "eventTypes" })]);
    const noScope = await apiKey(["orders:read"]);
    expect((await rest("GET", "/webhook-endpoints", { key: noScope.secret })).status).toBe(403);

    const created = await rest("POST", "/webhook-endpoints", {
      key: key.secret,
      body: { url: receiver.url(path), eventTypes: ["order.created"] },
    });
    expect(created.status).toBe(201);
    const { endpoint, secret } = created.body!.data as { endpoint: { id: string }; secret: string };
    expect(created.headers.get("location")).toBe(`/api/v1/webhook-endpoints/${endpoint.id}`);
    const shown = await rest("GET", `/webhook-endpoints/${endpoint.id}`, { key: key.secret });
    expect(JSON.stringify(shown.body)).not.toContain(secret);

    const ping = await rest("POST", `/webhook-endpoints/${endpoint.id}/test`, { key: key.secret });
    expect(ping.status).toBe(200);
    await expect.poll(() => receivedAt(path).length, delivery).toBe(1);
    expect(receivedAt(path)[0]!.json).toMatchObject({ type: "webhook.ping", data: { endpointId: endpoint.id } });
    expect(verified(secret, receivedAt(path)[0]!)).toBeTruthy();

    // After a rotation both secrets verify (two signatures) for 24 hours.
    const rotated = await rest("POST", `/webhook-endpoints/${endpoint.id}/rotate-secret`, { key: key.secret });
    const newSecret = (rotated.body!.data as { secret: string }).secret;
    expect(newSecret).not.toBe(secret);
    receiver.on(path, answer(500, "boom"));
    await rest("POST", `/webhook-endpoints/${endpoint.id}/test`, { key: key.secret });
    await expect.poll(() => receivedAt(path).length, delivery).toBe(2);
    const second = receivedAt(path)[1]!;
    expect(second.headers["webhook-signature"]!.split(" ")).toHaveLength(2);
    expect(verified(newSecret, second)).toBeTruthy();
    expect(verified(secret, second)).toBeTruthy();

    // The ping failed (a single try): the log shows it, and "retry now" sends it again with the same id.
    const log = async () =>
      (await rest("GET", `/webhook-endpoints/${endpoint.id}/deliveries`, { key: key.secret })).body!.data as {
        id: string;
        status: string;
        attempts: { statusCode: number | null; responseExcerpt: string | null }[];
      }[];
    await expect.poll(async () => (await log())[0]?.status, delivery).toBe("FAILED");
    const failed = (await log())[0]!;
    expect(failed.attempts[0]).toMatchObject({ statusCode: 500, responseExcerpt: "boom" });
    receiver.on(path, answer(204, ""));
    const retried = await rest("POST", `/webhook-endpoints/${endpoint.id}/deliveries/${failed.id}/retry`, { key: key.secret });
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    await expect.poll(async () => (await log())[0]?.status, delivery).toBe("SUCCEEDED");
    expect(receivedAt(path)[2]!.headers["webhook-id"]).toBe(second.headers["webhook-id"]);

    const bad = await rest("PATCH", `/webhook-endpoints/${endpoint.id}`, { key: key.secret, body: { url: "ftp://x" } });
    expect(bad.status).toBe(400);
    expect((await rest("DELETE", `/webhook-endpoints/${endpoint.id}`, { key: key.secret })).status).toBe(204);
    expect((await rest("GET", `/webhook-endpoints/${endpoint.id}`, { key: key.secret })).status).toBe(404);
  });
});
