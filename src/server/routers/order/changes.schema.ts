import { z } from "zod";
import { text } from "../../validation/text";
import { isoInstant } from "../../instant";
import { cursorInput, pageLimit } from "../../cursor";
import { orderOutput } from "./order.output";

export const orderChangesInput = z
  .object({
    limit: pageLimit,
    /** Where the previous call ended (its nextCursor); omit it to start from the beginning. */
    cursor: cursorInput(z.tuple([isoInstant, text().min(1).max(64)])).nullish(),
  })
  .default({ limit: 20 });
export type OrderChangesInput = z.infer<typeof orderChangesInput>;

export const orderChangesOutput = z.object({
  items: z.array(orderOutput),
  /** Always set: pass it back later to get what changed after this page (it is the same when nothing did). */
  nextCursor: z.string().nullable(),
});
