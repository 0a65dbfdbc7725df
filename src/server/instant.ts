import { z } from "zod";

/**
 * An instant as ISO 8601 text with a time zone (`2026-11-22T10:00:00Z`, `...+01:00`), between the years
 * 1970 and 9999. The range keeps odd but well-formed dates (year 0) from reaching the database, which
 * would refuse them with an error instead of an answer.
 */
export const isoInstant = z.iso.datetime({ offset: true }).refine((value) => {
  const year = new Date(value).getUTCFullYear();
  return year >= 1970 && year <= 9999;
}, "Use a date between the years 1970 and 9999");
