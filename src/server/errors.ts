import { TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import { ZodError, type z } from "zod";

/** One invalid input field: where it is, a stable machine code, and a sentence for people. */
/** Retry-After (seconds) of a 503: the database unavailable or busy. Long enough for a restart to come up or a lock to clear. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = "5";

export interface FieldError {
  path: string;
  code: string;
  message: string;
}

/** Flattens zod issues into field errors; the root is reported as "(input)". */
export function fieldErrorsFrom(error: ZodError): FieldError[] {
  return error.issues.map((issue: z.core.$ZodIssue) => ({
    path: issue.path.length ? issue.path.map(String).join(".") : "(input)",
    // A refinement may name its own stable code (e.g. `invalid_text`, src/server/validation/text.ts).
    code: issue.code === "custom" && typeof issue.params?.code === "string" ? issue.params.code : issue.code,
    message: issue.message,
  }));
}

export function isZodError(error: unknown): error is ZodError {
  return error instanceof ZodError;
}

/**
 * A stable, specific reason for an error, finer than the tRPC code: `OUT_OF_STOCK` inside a CONFLICT,
 * `API_KEY_REVOKED` inside an UNAUTHORIZED. Clients branch on `data.reason`; `details` names what was involved.
 */
export class ErrorReason extends Error {
  override name = "ErrorReason";
  constructor(
    readonly reason: string,
    message: string,
    readonly details: Record<string, unknown> | null = null,
  ) {
    super(message);
  }
}

/** A TRPCError that carries a stable reason (and optional details) to the client. */
export function appError(
  code: TRPC_ERROR_CODE_KEY,
  reason: string,
  message: string,
  details: Record<string, unknown> | null = null,
): TRPCError {
  return new TRPCError({ code, message, cause: new ErrorReason(reason, message, details) });
}

export function reasonOf(error: unknown): ErrorReason | null {
  return error instanceof TRPCError && error.cause instanceof ErrorReason ? error.cause : null;
}

/** What every client is told about an error beyond its code, for tRPC (`error.data`) and REST (`errors[]`). */
export interface ErrorDescription {
  message: string;
  reason: string | null;
  details: Record<string, unknown> | null;
  fieldErrors: FieldError[] | null;
}

export function describeError(error: TRPCError): ErrorDescription {
  const reason = reasonOf(error);
  // Input errors from zod, or a handler's error about one field (EMAIL_TAKEN on `email`), look the same.
  const field = typeof reason?.details?.field === "string" ? reason.details.field : null;
  const fieldErrors = isZodError(error.cause)
    ? fieldErrorsFrom(error.cause)
    : field && reason
      ? [{ path: field, code: reason.reason, message: reason.message }]
      : null;
  return {
    message: fieldErrors ? `Invalid input: ${fieldErrors.map((f) => `${f.path}: ${f.message}`).join("; ")}` : error.message,
    reason: reason?.reason ?? (fieldErrors ? "INVALID_INPUT" : null),
    details: reason?.details ?? null,
    fieldErrors,
  };
}
