import { createCallerFactory, router } from "../trpc";
import { adminRouter } from "./admin/_router";
import { authRouter } from "./auth/_router";
import { cartRouter } from "./cart/_router";
import { eventsRouter } from "./events/_router";
import { meRouter } from "./me/_router";
import { orderRouter } from "./order/_router";
import { productsRouter } from "./products/_router";
import { reportRouter } from "./report/_router";
import { storefrontRouter } from "./storefront/_router";
import { stockRouter } from "./stock/_router";
import { webhooksRouter } from "./webhooks/_router";

/** The whole API: the web app's tRPC hooks and the REST adapter (src/server/rest) both come from this. */
export const appRouter = router({
  auth: authRouter,
  me: meRouter,
  storefront: storefrontRouter,
  cart: cartRouter,
  order: orderRouter,
  products: productsRouter,
  stock: stockRouter,
  events: eventsRouter,
  webhooks: webhooksRouter,
  report: reportRouter,
  admin: adminRouter,
});

export type AppRouter = typeof appRouter;

/** Calls procedures in process: `createCaller(createInnerContext({ db }))`. */
export const createCaller = createCallerFactory(appRouter);
