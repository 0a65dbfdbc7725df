import { z } from "zod";
import { text, wholeNumber } from "./validation/text";

/**
 * Keyset-pagination cursors: the sort key values of the last row of a page, as opaque base64url JSON.
 * Anything that does not decode to the expected shape is an input error on `cursor`.
 */
export function encodeCursor(values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(values), "utf8").toString("base64url");
}

export function cursorInput<T extends z.ZodType>(shape: T) {
  return text()
    .max(1000)
    .transform((raw, ctx): z.output<T> => {
      try {
        // The decoded values reach SQL: text in them must be storable text too (the shape's fields are `text()`).
        return shape.parse(JSON.parse(Buffer.from(raw, "base64url").toString("utf8")));
      } catch {
        ctx.addIssue({ code: "custom", message: "Invalid cursor: pass back a nextCursor from a previous page" });
        return z.NEVER;
      }
    });
}

/** A PostgreSQL bigint (a row's serial id) in a cursor, as decimal text; beyond its range it is no cursor of ours. */
export const bigintCursorPart = text()
  .regex(/^\d{1,19}$/)
  .refine((value) => BigInt(value) <= 9_223_372_036_854_775_807n);

/** `limit` for every list: 1-100, default 20. */
export const pageLimit = wholeNumber().min(1).max(100).default(20);

/** Splits the `limit + 1` rows a list fetched into the page and the cursor of the next one. */
export function pageOf<T>(rows: T[], limit: number, cursorOf: (last: T) => readonly (string | number)[]) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(cursorOf(last)) : null };
}

/**
 * Rows after (value, id) in keyset order on `column` then `id`, as a Prisma `where`. Written as
 * `column >= value AND (column > value OR id > id)` (`<=`, `<` when descending), not as the shorter
 * `column > value OR (column = value AND id > id)`: the extra bound lets PostgreSQL start its index scan at
 * the cursor, where the bare OR makes it walk every row before it (deep pages got slower with the table).
 */
export function keysetAfter(column: string, value: unknown, id: string, direction: "asc" | "desc") {
  const [bound, beyond] = direction === "asc" ? (["gte", "gt"] as const) : (["lte", "lt"] as const);
  return { AND: [{ [column]: { [bound]: value } }, { OR: [{ [column]: { [beyond]: value } }, { id: { [beyond]: id } }] }] };
}

/** A live stream's resumption point: the id of the last event its client got (tRPC's client sends it when reconnecting). */
export const lastEventIdInput = text().max(64).nullish();
