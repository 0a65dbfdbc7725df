import { ZodError, type z } from "zod";

/** One invalid input field: where it is, a stable machine code, and a sentence for people. */
export interface FieldError {
  path: string;
  code: string;
  message: string;
}

/** Flattens zod issues into field errors; the root is reported as "(input)". */
export function fieldErrorsFrom(error: ZodError): FieldError[] {
  return error.issues.map((issue: z.core.$ZodIssue) => ({
    path: issue.path.length ? issue.path.map(String).join(".") : "(input)",
    code: issue.code,
    message: issue.message,
  }));
}

export function isZodError(error: unknown): error is ZodError {
  return error instanceof ZodError;
}
