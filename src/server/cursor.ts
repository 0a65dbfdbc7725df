import { z } from "zod";

/**
 * Keyset-pagination cursors: the sort key values of the last row of a page, as opaque base64url JSON.
 * Anything that does not decode to the expected shape is an input error on `cursor`.
 */
export function encodeCursor(values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(values), "utf8").toString("base64url");
}

export function cursorInput<T extends z.ZodType>(shape: T) {
  return z
    .string()
    .max(1000)
    .transform((raw, ctx): z.output<T> => {
      try {
        return shape.parse(JSON.parse(Buffer.from(raw, "base64url").toString("utf8")));
      } catch {
        ctx.addIssue({ code: "custom", message: "Invalid cursor: pass back a nextCursor from a previous page" });
        return z.NEVER;
      }
    });
}

/** `limit` for every list: 1-100, default 20. */
export const pageLimit = z.number().int().min(1).max(100).default(20);

/** Splits the `limit + 1` rows a list fetched into the page and the cursor of the next one. */
export function pageOf<T>(rows: T[], limit: number, cursorOf: (last: T) => readonly (string | number)[]) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(cursorOf(last)) : null };
}
