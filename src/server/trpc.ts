/**
 * The only place that calls `initTRPC`. The app builds every procedure from the blocks exported here.
 * Guide: 1. context (./context.ts)  2. these building blocks  3. routers in ./routers, one
 * `x.schema.ts` + `x.handler.ts` pair per procedure.
 */
import { initTRPC } from "@trpc/server";
import superjson from "superjson";
import type { Context } from "./context";
import { fieldErrorsFrom, isZodError } from "./errors";

/** What a procedure may declare about itself (extended by the identity work: required permission). */
export interface ProcedureMeta {
  description?: string;
}

const t = initTRPC
  .context<Context>()
  .meta<ProcedureMeta>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error, ctx }) {
      const fieldErrors = isZodError(error.cause) ? fieldErrorsFrom(error.cause) : null;
      return {
        ...shape,
        message: fieldErrors ? `Invalid input: ${fieldErrors.map((f) => `${f.path}: ${f.message}`).join("; ")}` : shape.message,
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          path: shape.data.path,
          requestId: ctx?.requestId ?? null,
          fieldErrors,
          // Stack traces only outside production.
          ...(process.env.NODE_ENV === "production" ? {} : { stack: shape.data.stack }),
        },
      };
    },
  });

/** Logs each call with its duration and outcome; errors the server caused are logged with their cause. */
const logCall = t.middleware(async function logCall({ ctx, path, type, next }) {
  const started = performance.now();
  const result = await next();
  const durationMs = Math.round((performance.now() - started) * 10) / 10;
  if (result.ok) ctx.logger.debug("trpc call", { path, type, durationMs });
  else if (result.error.code === "INTERNAL_SERVER_ERROR")
    ctx.logger.error("trpc call failed", { path, type, durationMs, error: result.error.cause ?? result.error });
  else ctx.logger.info("trpc call rejected", { path, type, durationMs, code: result.error.code });
  return result;
});

/** Builds a router from procedures and sub-routers. */
export const router = t.router;

/** A procedure anyone may call, signed in or not. */
export const publicProcedure = t.procedure.use(logCall);

/** Creates a server-side caller for a router (tests, server components). */
export const createCallerFactory = t.createCallerFactory;
