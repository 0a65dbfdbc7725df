/**
 * "Plain tRPC" for the benchmark: the same procedures (schemas, handlers, output checks) on a bare
 * `initTRPC` with none of Stockroom's middleware: no logging or metrics, no rate limits, no access checks
 * or credential lookups (the caller is named by a header), no audit. Mutations still run in one
 * transaction, which correctness needs. What Stockroom costs on top of this is the price of its middleware.
 */
import { initTRPC } from "@trpc/server";
import superjson from "superjson";
import type { Actor } from "@/server/auth/permissions";
import type { Context } from "@/server/context";
import { productByIdHandler } from "@/server/routers/storefront/byId.handler";
import { productByIdInput } from "@/server/routers/storefront/byId.schema";
import { listProductsHandler } from "@/server/routers/storefront/list.handler";
import { listProductsInput, listProductsOutput } from "@/server/routers/storefront/list.schema";
import { productDetailOutput } from "@/server/routers/storefront/product.output";
import { listOrdersHandler } from "@/server/routers/order/list.handler";
import { listOrdersInput, listOrdersOutput } from "@/server/routers/order/list.schema";
import { createOrderHandler } from "@/server/routers/order/create.handler";
import { createOrderInput } from "@/server/routers/order/create.schema";
import { placedOrderOutput } from "@/server/routers/order/order.output";

type PlainContext = Context & { actor: Actor };

const t = initTRPC.context<PlainContext>().create({ transformer: superjson });

export const plainRouter = t.router({
  storefront: t.router({
    list: t.procedure.input(listProductsInput).output(listProductsOutput).query(listProductsHandler),
    byId: t.procedure.input(productByIdInput).output(productDetailOutput).query(productByIdHandler),
  }),
  order: t.router({
    list: t.procedure.input(listOrdersInput).output(listOrdersOutput).query(listOrdersHandler),
    create: t.procedure
      .input(createOrderInput)
      .output(placedOrderOutput)
      .mutation(({ ctx, input }) => ctx.transaction((db) => createOrderHandler({ ctx: { ...ctx, db }, input }))),
  }),
});

/** The caller a request names: `x-bench-customer: <user id>` or `x-bench-api-key: <key id>` (all scopes). */
export function benchActor(headers: Headers): Actor {
  const customer = headers.get("x-bench-customer");
  if (customer) return { type: "user", userId: customer, email: "", name: "", role: "CUSTOMER", sessionId: "bench" };
  return {
    type: "apiKey",
    apiKeyId: headers.get("x-bench-api-key") ?? "bench",
    name: "bench",
    scopes: ["products:read", "orders:read", "orders:write"],
  };
}
