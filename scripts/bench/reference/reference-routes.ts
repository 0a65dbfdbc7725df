/**
 * The URLs the references answer, shared by the bare server and the Next.js floor route: the paths
 * Stockroom serves, without the `/api` part (`/trpc/storefront.list?batch=1&input=…`, `/v1/storefront/products`,
 * `/v1/orders`), with the caller named by `x-bench-customer` or `x-bench-api-key` instead of credentials.
 */
import type pg from "pg";
import { catalogPage, decodeCursor, ordersPage, placeOrder, productById, ReferenceConflict, restBody, trpcBatchBody } from "./reference";

export interface ReferenceAnswer {
  status: number;
  body: string;
}

/** The first call's input of a tRPC batch GET (`?batch=1&input={"0":{"json":…}}`). */
function trpcInput(url: URL): Record<string, unknown> {
  const raw = url.searchParams.get("input");
  if (!raw) return {};
  const parsed = JSON.parse(raw) as Record<string, { json?: Record<string, unknown> }>;
  return parsed["0"]?.json ?? {};
}

const limitOf = (value: unknown) => Math.min(100, Math.max(1, Number(value ?? 20) || 20));

export async function answerReference(
  pool: pg.Pool,
  method: string,
  url: URL,
  headers: Headers,
  body: string,
  path: string,
): Promise<ReferenceAnswer> {
  const notFound = { status: 404, body: JSON.stringify({ data: null, errors: [{ code: "NOT_FOUND", message: "Not found" }] }) };
  if (method === "GET" && path === "/trpc/storefront.list") {
    const input = trpcInput(url);
    return {
      status: 200,
      body: trpcBatchBody(
        await catalogPage(pool, {
          limit: limitOf(input.limit),
          cursor: decodeCursor(input.cursor as string),
          search: (input.search as string | undefined)?.trim(),
        }),
      ),
    };
  }
  if (method === "GET" && path === "/trpc/storefront.byId") {
    const product = await productById(pool, String(trpcInput(url).id));
    return product ? { status: 200, body: trpcBatchBody(product) } : notFound;
  }
  if (method === "GET" && path === "/trpc/order.list") {
    const input = trpcInput(url);
    return {
      status: 200,
      body: trpcBatchBody(await ordersPage(pool, { limit: limitOf(input.limit), customerId: headers.get("x-bench-customer") ?? "" })),
    };
  }
  if (method === "GET" && path === "/v1/storefront/products") {
    const q = url.searchParams;
    const page = await catalogPage(pool, {
      limit: limitOf(q.get("limit")),
      cursor: decodeCursor(q.get("cursor")),
      search: q.get("search")?.trim() || undefined,
    });
    return { status: 200, body: restBody(page.items, page.nextCursor) };
  }
  const product = /^\/v1\/storefront\/products\/([^/]+)$/.exec(path);
  if (method === "GET" && product) {
    const found = await productById(pool, decodeURIComponent(product[1]!));
    return found ? { status: 200, body: restBody(found) } : notFound;
  }
  if (method === "GET" && path === "/v1/orders") {
    const q = url.searchParams;
    const page = await ordersPage(pool, { limit: limitOf(q.get("limit")), status: q.get("status") ?? "PENDING" });
    return { status: 200, body: restBody(page.items, page.nextCursor) };
  }
  if (method === "POST" && path === "/v1/orders") {
    const input = JSON.parse(body) as { customerId: string; lines: { productId: string; quantity: number }[] };
    try {
      const order = await placeOrder(pool, {
        customerId: input.customerId,
        lines: input.lines,
        idempotencyKey: headers.get("idempotency-key") ?? "",
        apiKeyId: headers.get("x-bench-api-key") ?? "bench",
        requestId: crypto.randomUUID(),
      });
      return { status: order.replayed ? 200 : 201, body: restBody(order) };
    } catch (error) {
      if (error instanceof ReferenceConflict)
        return { status: 409, body: JSON.stringify({ data: null, errors: [{ code: error.message, message: error.message }] }) };
      throw error;
    }
  }
  return notFound;
}
