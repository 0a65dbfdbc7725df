import { TRPCError } from "@trpc/server";
import { expect } from "vitest";
import { createInnerContext } from "../../src/server/context";
import { getDatabase } from "../../src/server/db";
import { createCaller } from "../../src/server/routers/_app";

/** A caller with a guest context on this file's database. */
export function guestCaller() {
  return createCaller(createInnerContext({ db: getDatabase().db }));
}

/** Awaits a call that must fail with the given tRPC code; returns the error for more checks. */
export async function expectTrpcError(call: Promise<unknown>, code: TRPCError["code"]): Promise<TRPCError> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, `expected ${code}`).toBeInstanceOf(TRPCError);
  expect((error as TRPCError).code).toBe(code);
  return error as TRPCError;
}
