/**
 * The benchmark's scenarios: what is asked, and how each target is asked it. Stockroom gets real
 * credentials (a session cookie, an API key); the references get the caller named in a header.
 */
/**
 * Stockroom (`npm start`, the API fast path), the same server with the API routed by Next.js
 * (API_FAST_PATH=off, as `next start` serves it), then the references: the create-t3-app shape, plain tRPC,
 * the framework floor and the bare limit.
 */
export type Target = "stockroom" | "nextRouting" | "t3" | "plainTrpc" | "floor" | "bare";
export const targets: Target[] = ["stockroom", "nextRouting", "t3", "plainTrpc", "floor", "bare"];
export const targetNames: Record<Target, string> = {
  stockroom: "Stockroom",
  nextRouting: "Stockroom, Next.js routing",
  t3: "create-t3-app shape",
  plainTrpc: "plain tRPC",
  floor: "framework floor",
  bare: "bare limit",
};

export interface Fixtures {
  /** Cursors of storefront.list pages starting after each of many products (name, id), random order. */
  productCursors: string[];
  productIds: string[];
  searchTerms: string[];
  customers: { id: string; cookie: string }[];
  apiKey: { id: string; secret: string };
  /** Products with stock enough for every checkout of the run. */
  checkoutProducts: string[];
  sessionCookieName: string;
}

/** One request in the logical form; `toLine` turns it into the wrk line for a target. */
interface LogicalRequest {
  kind: "trpcQuery" | "restGet" | "restOrder";
  procedure?: string;
  input?: Record<string, unknown>;
  path?: string;
  body?: Record<string, unknown>;
  customer?: { id: string; cookie: string };
  apiKey?: boolean;
}

export interface Scenario {
  name: string;
  description: string;
  requests(f: Fixtures): LogicalRequest[];
  /** Catalog reads: the targets of the throughput and latency goals. */
  catalogRead?: boolean;
  write?: boolean;
  /**
   * Cold: no answer may come from the cache. "pages": the harness moves the catalog cache to a new version
   * before the run; "ids": each target and phase gets products of its own (see `forRun`).
   */
  cold?: "pages" | "ids";
}

function pick<T>(list: readonly T[], i: number): T {
  return list[i % list.length]!;
}

const trpc = (procedure: string, input: Record<string, unknown>, customer?: { id: string; cookie: string }): LogicalRequest => ({
  kind: "trpcQuery",
  procedure,
  input,
  customer,
});
const storefront = (query: string): LogicalRequest => ({ kind: "restGet", path: `/v1/storefront/products${query}` });

function checkout(f: Fixtures, i: number): LogicalRequest {
  const lines = [{ productId: pick(f.checkoutProducts, i * 7), quantity: 1 }];
  if (i % 2 === 0) lines.push({ productId: pick(f.checkoutProducts, i * 7 + 3), quantity: 2 });
  return { kind: "restOrder", body: { customerId: pick(f.customers, i).id, lines }, apiKey: true };
}

const many = 4000;
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

export const scenarios: Scenario[] = [
  {
    name: "catalog-trpc-warm",
    description: "storefront.list over tRPC (batch GET, as the web app sends it), 10 popular pages: cache warm",
    catalogRead: true,
    requests: (f) => range(10).map((i) => trpc("storefront.list", i === 0 ? { limit: 20 } : { limit: 20, cursor: f.productCursors[i] })),
  },
  {
    name: "catalog-trpc-cold",
    cold: "pages",
    description: "storefront.list over tRPC, a different page every request: every read misses the cache",
    catalogRead: true,
    requests: (f) => range(many).map((i) => trpc("storefront.list", { limit: 20, cursor: pick(f.productCursors, i) })),
  },
  {
    name: "catalog-rest-warm",
    description: "GET /api/v1/storefront/products, 10 popular pages: cache warm",
    catalogRead: true,
    requests: (f) => range(10).map((i) => storefront(i === 0 ? "?limit=20" : `?limit=20&cursor=${f.productCursors[i]}`)),
  },
  {
    name: "catalog-rest-cold",
    cold: "pages",
    description: "GET /api/v1/storefront/products, a different page every request: cache cold",
    catalogRead: true,
    requests: (f) => range(many).map((i) => storefront(`?limit=20&cursor=${pick(f.productCursors, i)}`)),
  },
  {
    name: "product-by-id",
    cold: "ids",
    description: "storefront.byId over tRPC, a different product every request (cache cold)",
    catalogRead: true,
    requests: (f) => range(many).map((i) => trpc("storefront.byId", { id: pick(f.productIds, i) })),
  },
  {
    name: "search",
    cold: "pages",
    description: "storefront.list with a search term over tRPC, paging from a different place each time (cache cold)",
    catalogRead: true,
    requests: (f) =>
      range(many).map((i) =>
        trpc("storefront.list", { limit: 20, search: pick(f.searchTerms, i), cursor: pick(f.productCursors, i * 13) }),
      ),
  },
  {
    name: "customer-orders",
    description: "order.list over tRPC with a customer's session cookie (their newest 20 orders with lines and history)",
    requests: (f) => range(f.customers.length).map((i) => trpc("order.list", { limit: 20 }, f.customers[i])),
  },
  {
    name: "staff-orders-by-status",
    description: "GET /api/v1/orders?status=… with an API key (staff order list filtered by status)",
    requests: () =>
      ["PENDING", "PAID", "FULFILLED", "SHIPPED", "DELIVERED", "CANCELLED"].map((status) => ({
        kind: "restGet" as const,
        path: `/v1/orders?status=${status}&limit=20`,
        apiKey: true,
      })),
  },
  {
    name: "checkout",
    description: "POST /api/v1/orders with an API key, a new Idempotency-Key each time, one or two lines with stock enough",
    write: true,
    requests: (f) => range(1000).map((i) => checkout(f, i)),
  },
  {
    name: "mixed",
    description: "90% reads (popular and deep catalog pages, products, searches, a customer's orders), 10% checkouts",
    write: true,
    requests: (f) =>
      range(1000).map((i) => {
        const r = i % 20;
        if (r < 2) return checkout(f, i);
        if (r < 9) return trpc("storefront.list", i % 3 === 0 ? { limit: 20 } : { limit: 20, cursor: f.productCursors[i % 10] });
        if (r < 12) return storefront(`?limit=20&cursor=${pick(f.productCursors, i * 31)}`);
        if (r < 16) return trpc("storefront.byId", { id: pick(f.productIds, i % 200) });
        if (r < 18) return trpc("storefront.list", { limit: 20, search: pick(f.searchTerms, i) });
        return trpc("order.list", { limit: 20 }, pick(f.customers, i));
      }),
  },
];

const trpcUrl = (prefix: string, procedure: string, input: Record<string, unknown>) =>
  `${prefix}/${procedure}?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: { json: input } }))}`;

/** The wrk request-file line for one request to one target (see scripts/bench/wrk.lua). */
export function toLine(request: LogicalRequest, target: Target, f: Fixtures): string {
  const headers: string[] = [];
  let method = "GET";
  let path: string;
  let body = "";
  const prefix = { stockroom: "/api", nextRouting: "/api", t3: "/api/bench", plainTrpc: "/api/bench", floor: "/api/bench/floor", bare: "" }[
    target
  ];
  const trpcBase = target === "t3" ? "/api/bench/t3" : `${prefix}/trpc`;
  const real = target === "stockroom" || target === "nextRouting";
  const asCaller = () => {
    if (request.customer) {
      // The create-t3-app shape finds its customer through Auth.js's session cookie, as Stockroom does.
      if (real || target === "t3") headers.push(`Cookie: ${f.sessionCookieName}=${request.customer.cookie}`);
      else headers.push(`x-bench-customer: ${request.customer.id}`);
    }
    if (request.apiKey) headers.push(real ? `Authorization: Bearer ${f.apiKey.secret}` : `x-bench-api-key: ${f.apiKey.id}`);
  };
  asCaller();
  if (request.kind === "trpcQuery") {
    path = trpcUrl(trpcBase, request.procedure!, request.input!);
  } else if (target === "plainTrpc" || target === "t3") {
    // Plain tRPC and the create-t3-app shape have no REST layer: the same procedure over tRPC.
    if (request.kind === "restOrder") {
      method = "POST";
      path = `${trpcBase}/order.create?batch=1`;
      body = JSON.stringify({ 0: { json: { ...request.body, idempotencyKey: "bench-{{n}}" } } });
      headers.push("Content-Type: application/json");
    } else {
      const url = new URL(request.path!, "http://x");
      const input: Record<string, unknown> = Object.fromEntries([...url.searchParams].map(([k, v]) => [k, k === "limit" ? Number(v) : v]));
      path = trpcUrl(trpcBase, url.pathname.startsWith("/v1/orders") ? "order.list" : "storefront.list", input);
    }
  } else if (request.kind === "restOrder") {
    method = "POST";
    path = `${prefix}/v1/orders`;
    body = JSON.stringify(request.body);
    headers.push("Content-Type: application/json", "Idempotency-Key: bench-{{n}}");
  } else {
    path = `${prefix}${request.path}`;
  }
  return [method, path, headers.join("|"), body].join("\t");
}

/** A run's own share of the products: runs with different `slot`s ask for different products. */
export function forRun(f: Fixtures, slot: number, slots: number): Fixtures {
  const share = Math.floor(f.productIds.length / slots);
  const rotate = <T>(list: T[]) => [...list.slice(slot * share), ...list.slice(0, slot * share)];
  return { ...f, productIds: rotate(f.productIds).slice(0, share), productCursors: rotate(f.productCursors) };
}
