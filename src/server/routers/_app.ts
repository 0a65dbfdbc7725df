import { createCallerFactory, router } from "../trpc";
import { productRouter } from "./product/_router";

/** The whole API: the web app's tRPC hooks and (later) the REST adapter are generated from this. */
export const appRouter = router({
  product: productRouter,
});

export type AppRouter = typeof appRouter;

/** Calls procedures in process: `createCaller(createInnerContext({ db }))`. */
export const createCaller = createCallerFactory(appRouter);
