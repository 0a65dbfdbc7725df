/**
 * The API's one string schema. Every text field of every procedure input starts from `text()`, which
 * refuses what PostgreSQL cannot store (NUL, U+0000) and what is not Unicode (an unpaired UTF-16
 * surrogate, which would silently become U+FFFD on its way to the database): a 400 naming the field, with
 * the stable code `invalid_text`, instead of a 500 or a quietly changed value. A test walks every
 * procedure's input and fails on a string field that does not come from here.
 */
import { z } from "zod";

/** A surrogate that is not half of a pair (String.prototype.isWellFormed needs lib ES2024 in TypeScript). */
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True for text PostgreSQL can store as it is: no NUL, no lone surrogate. */
export function isSafeText(value: string): boolean {
  return !value.includes("\u0000") && !loneSurrogate.test(value);
}

export const INVALID_TEXT = "invalid_text";

/** A string that is valid Unicode with no NUL character. Chain `.trim()`, `.min()`, `.max()` as usual. */
export function text() {
  return z.string().refine(isSafeText, {
    message: "Text may not contain NUL characters or invalid Unicode (unpaired surrogates)",
    params: { code: INVALID_TEXT },
  });
}

/** Whether a zod string schema was built from `text()` (for the test that walks every input). */
export function isTextSchema(schema: z.ZodString): boolean {
  const checks = (schema._zod.def.checks ?? []) as { _zod: { def: { fn?: unknown } } }[];
  return checks.some((check) => check._zod.def.fn === isSafeText);
}

/** A whole number that is never -0 (JSON can carry it; it means nothing in a price or a count). */
export function wholeNumber(message = "Use a whole number") {
  return z
    .number()
    .int(message)
    .refine((n) => !Object.is(n, -0), { message: "Use 0, not -0", params: { code: "negative_zero" } });
}
