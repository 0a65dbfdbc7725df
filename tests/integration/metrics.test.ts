/** GET /api/metrics: who may read it, and the figures an operator alerts on, moved by real requests. */
import { describe, expect, it } from "vitest";
import { GET as metricsRoute } from "../../src/app/api/metrics/route";
import { GET as trpcGet } from "../../src/app/api/trpc/[trpc]/route";
import { getDatabase } from "../../src/server/db";
import { apiKey, newCustomer, newProduct, withEnv } from "./helpers";
import { rest } from "./rest-request";

const token = "metrics-token-0123456789abcdef";

function scrape(headers: Record<string, string> = {}) {
  return metricsRoute(new Request("http://stockroom.test/api/metrics", { headers }));
}

/** The value of one sample, e.g. `stockroom_orders_placed_total{channel="api"}`. */
function sample(text: string, series: string): number {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe("GET /api/metrics", () => {
  it("is for a bearer of METRICS_TOKEN or an address in METRICS_ALLOW_FROM only", async () => {
    await withEnv({ METRICS_TOKEN: token, METRICS_ALLOW_FROM: "10.20.30.40" }, async () => {
      const anonymous = await scrape({ "x-forwarded-for": "203.0.113.9" });
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get("www-authenticate")).toBe("Bearer");
      expect((await scrape({ authorization: "Bearer not-the-token-at-all", "x-forwarded-for": "203.0.113.9" })).status).toBe(401);
      expect((await scrape({ authorization: `Bearer ${token}` })).status).toBe(200);
      // The allowed address as the server saw it, not as a client claims it.
      expect((await scrape({ "x-forwarded-for": "10.20.30.40" })).status).toBe(200);
      expect((await scrape({ "x-forwarded-for": "10.20.30.40, 203.0.113.9" })).status).toBe(401);
    });
    await withEnv({ NODE_ENV: "production", METRICS_TOKEN: undefined, METRICS_ALLOW_FROM: undefined }, async () => {
      const refused = await scrape({ "x-forwarded-for": "127.0.0.1" });
      expect(refused.status).toBe(403);
      expect(await refused.json()).toEqual({ error: expect.stringContaining("METRICS_ALLOW_FROM") });
    });
  });

  it("counts requests, procedure calls, cache lookups, rate-limit refusals, orders and failed checkouts", async () => {
    await withEnv({ METRICS_TOKEN: token, RATE_LIMIT_ANONYMOUS: "2/1m" }, async () => {
      const before = await (await scrape({ authorization: `Bearer ${token}` })).text();
      const product = await newProduct({ stock: 1, priceMinor: 800 });
      const { secret } = await apiKey(["orders:write"]);
      const customer = await newCustomer();
      // Two reads of one product: a miss, then a hit; a third guest call is over the limit.
      const from = { "x-forwarded-for": "203.0.113.77" };
      expect((await rest("GET", `/storefront/products/${product.id}`, { headers: from })).status).toBe(200);
      expect((await rest("GET", `/storefront/products/${product.id}`, { headers: from })).status).toBe(200);
      expect((await rest("GET", `/storefront/products/${product.id}`, { headers: from })).status).toBe(429);
      // One order placed over REST, one refused for lack of stock.
      const order = { customerId: customer.user.id, lines: [{ productId: product.id, quantity: 1 }] };
      expect(
        (await rest("POST", "/orders", { key: secret, body: order, headers: { "idempotency-key": `m-${product.id}-1` } })).status,
      ).toBe(201);
      expect(
        (await rest("POST", "/orders", { key: secret, body: order, headers: { "idempotency-key": `m-${product.id}-2` } })).status,
      ).toBe(409);
      const trpc = await trpcGet(
        new Request(`http://stockroom.test/api/trpc/storefront.list?input=${encodeURIComponent(JSON.stringify({ json: { limit: 1 } }))}`, {
          headers: { "x-forwarded-for": "203.0.113.78" },
        }),
      );
      expect(trpc.status).toBe(200);

      const res = await scrape({ authorization: `Bearer ${token}` });
      expect(res.headers.get("content-type")).toContain("text/plain");
      const after = await res.text();
      const grew = (series: string, by: number) => expect(sample(after, series) - sample(before, series), series).toBe(by);
      grew('stockroom_http_requests_total{route="/api/v1/storefront/products/{id}",method="GET",status="200"}', 2);
      grew('stockroom_http_requests_total{route="/api/v1/storefront/products/{id}",method="GET",status="429"}', 1);
      grew('stockroom_http_requests_total{route="/api/v1/orders",method="POST",status="201"}', 1);
      grew('stockroom_http_requests_total{route="/api/trpc",method="GET",status="200"}', 1);
      grew('stockroom_procedure_calls_total{procedure="order.create",transport="rest",status="409"}', 1);
      grew('stockroom_procedure_calls_total{procedure="storefront.list",transport="trpc",status="200"}', 1);
      grew('stockroom_cache_requests_total{cache="product",result="miss"}', 1);
      grew('stockroom_cache_requests_total{cache="product",result="hit"}', 1);
      grew('stockroom_rate_limit_rejections_total{policy="anonymous"}', 1);
      grew('stockroom_orders_placed_total{channel="api"}', 1);
      grew('stockroom_checkouts_failed_total{reason="OUT_OF_STOCK"}', 1);
      // Events committed: the product, its opening stock, the order, and the sale that emptied it (the refused
      // order's stock changes rolled back with it and count nothing).
      grew('stockroom_events_recorded_total{type="product.created"}', 1);
      grew('stockroom_events_recorded_total{type="stock.adjusted"}', 1);
      grew('stockroom_events_recorded_total{type="order.created"}', 1);
      grew('stockroom_events_recorded_total{type="stock.out"}', 1);
      expect(
        sample(after, 'stockroom_procedure_duration_seconds_count{procedure="order.create",transport="rest",status="200"}'),
      ).toBeGreaterThanOrEqual(1);
      expect(after).toMatch(
        /stockroom_http_request_duration_seconds_bucket\{le="0\.05",route="\/api\/v1\/orders",method="POST",status="201"\} \d+/,
      );
      expect(after).toMatch(/^stockroom_process_resident_memory_bytes \d+/m);
      if (getDatabase().poolStats()) {
        expect(after).toMatch(/^stockroom_db_pool_connections\{state="in_use"\} \d+/m);
        expect(sample(after, "stockroom_db_pool_max_connections")).toBe(10);
      }
    });
  });
});
