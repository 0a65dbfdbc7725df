/**
 * Constant mixed load through the load balancer, as shoppers and an integrator make it: catalog pages,
 * searches, product pages and checkouts over REST, from a fixed number of keep-alive connections, until
 * told to stop. Every answer is counted by status; every checkout is remembered by its Idempotency-Key
 * with what came back, so that the database can be compared with what clients were told.
 */
import { randomUUID } from "node:crypto";
import { Pool } from "undici";

export interface LoadFixtures {
  apiKey: string;
  customerIds: string[];
  productIds: string[];
  /** Products with stock that no run can exhaust. */
  checkoutProductIds: string[];
}

export interface Checkout {
  idempotencyKey: string;
  customerId: string;
  body: string;
  /** The order id a 201 carried; null when the answer was something else or never came. */
  orderId: string | null;
  status: number | null;
}

export interface LoadResult {
  requests: number;
  byStatus: Record<string, number>;
  /** Requests that got no HTTP answer at all (connection refused or reset), by error code. */
  socketErrors: Record<string, number>;
  /** Requests whose keep-alive connection was closed before any answer and which were sent again once. */
  retriedAfterClose: number;
  checkouts: Checkout[];
  /** Latencies of answered requests, milliseconds. */
  latencies: number[];
}

export interface RunningLoad {
  /** Stops issuing requests, waits for those in flight and returns the tally. */
  stop(): Promise<LoadResult>;
  /** Requests answered so far (to tell that load is flowing). */
  answered(): number;
}

const searchTerms = ["mug", "linen", "candle", "tote", "bowl", "notebook", "tray", "blanket"];

export function startLoad(origin: string, fixtures: LoadFixtures, connections: number): RunningLoad {
  const pool = new Pool(origin, { connections, pipelining: 1 });
  const result: LoadResult = { requests: 0, byStatus: {}, socketErrors: {}, retriedAfterClose: 0, checkouts: [], latencies: [] };
  let stopping = false;
  let n = 0;
  const run = randomUUID().slice(0, 8);
  const pick = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)]!;

  async function once(): Promise<void> {
    const i = n++;
    const kind = i % 10;
    let checkout: Checkout | null = null;
    let request: { method: "GET" | "POST"; path: string; headers?: Record<string, string>; body?: string };
    if (kind < 4) request = { method: "GET", path: "/api/v1/storefront/products?limit=20" };
    else if (kind < 6) request = { method: "GET", path: `/api/v1/storefront/products?limit=20&search=${pick(searchTerms)}` };
    else if (kind < 8) request = { method: "GET", path: `/api/v1/storefront/products/${pick(fixtures.productIds)}` };
    else {
      const customerId = pick(fixtures.customerIds);
      const lines = [{ productId: pick(fixtures.checkoutProductIds), quantity: 1 + (i % 3) }];
      const body = JSON.stringify({ customerId, lines });
      checkout = { idempotencyKey: `rehearsal-${run}-${i}`, customerId, body, orderId: null, status: null };
      result.checkouts.push(checkout);
      request = {
        method: "POST",
        path: "/api/v1/orders",
        headers: {
          authorization: `Bearer ${fixtures.apiKey}`,
          "content-type": "application/json",
          "idempotency-key": checkout.idempotencyKey,
        },
        body,
      };
    }
    result.requests += 1;
    // An HTTP/1.1 client retries a request once when its reused connection is closed before any answer
    // (RFC 9112, 9.3.1.1): nginx closes idle keep-alive connections when it reloads, and a request sent at
    // that instant meets the close. GETs are safe to repeat and a checkout carries its Idempotency-Key,
    // which makes the repeat return the first attempt's order if it had made one.
    for (let attempt = 1; ; attempt++) {
      const started = performance.now();
      let answerBegan = false;
      try {
        const answer = await pool.request(request);
        answerBegan = true;
        const text = await answer.body.text();
        result.latencies.push(performance.now() - started);
        result.byStatus[answer.statusCode] = (result.byStatus[answer.statusCode] ?? 0) + 1;
        if (checkout) {
          checkout.status = answer.statusCode;
          if (answer.statusCode === 201 || answer.statusCode === 200)
            checkout.orderId = (JSON.parse(text) as { data: { id: string } }).data.id;
        }
        return;
      } catch (error) {
        const code = (error as { code?: string }).code ?? (error as Error).name;
        if (attempt === 1 && !answerBegan && closedBeforeAnswer(code)) {
          result.retriedAfterClose += 1;
          continue;
        }
        result.socketErrors[code] = (result.socketErrors[code] ?? 0) + 1;
        return;
      }
    }
  }

  const loops = Array.from({ length: connections }, async () => {
    while (!stopping) await once();
  });

  return {
    answered: () => result.latencies.length,
    async stop() {
      stopping = true;
      await Promise.all(loops);
      await pool.close();
      return result;
    },
  };
}

/** undici's codes for a connection closed or reset under a request before its answer began. */
function closedBeforeAnswer(code: string): boolean {
  return code === "UND_ERR_SOCKET" || code === "ECONNRESET";
}

/**
 * Sends a checkout again with the same Idempotency-Key, as an integrator does when its request got no
 * answer: the order it made, if any, comes back instead of a second one.
 */
export async function replayCheckout(
  origin: string,
  apiKey: string,
  checkout: Checkout,
): Promise<{ status: number; orderId: string | null }> {
  const answer = await fetch(`${origin}/api/v1/orders`, {
    method: "POST",
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json", "idempotency-key": checkout.idempotencyKey },
    body: checkout.body,
  });
  const body = (await answer.json()) as { data: { id: string } | null };
  return { status: answer.status, orderId: answer.status === 200 || answer.status === 201 ? (body.data?.id ?? null) : null };
}
