import { z } from "zod";
import { text, wholeNumber } from "../../validation/text";
import { isoInstant } from "../../instant";
import { OrderStatus } from "@/generated/prisma/enums";
import { cursorInput, pageLimit } from "../../cursor";
import { orderOutput } from "./order.output";

/** The order list's filters, shared by the list and the CSV export. */
export const orderFilterFields = {
  /** The order's number, as a customer quotes it ("#1042" is 1042). */
  number: wholeNumber().min(1).max(2_147_483_647).optional(),
  status: z.enum(OrderStatus).optional(),
  /** Staff only in effect: a customer's list is always their own. */
  customerId: text().max(64).optional(),
  /** Placed at or after this instant (ISO 8601). */
  createdFrom: isoInstant.optional(),
  /** Placed before this instant (ISO 8601, exclusive). */
  createdTo: isoInstant.optional(),
};

/** createdTo after createdFrom, reported on createdTo: `.refine(...dateRangeCheck)`. */
export const dateRangeCheck: [(i: { createdFrom?: string; createdTo?: string }) => boolean, { path: string[]; message: string }] = [
  (i) => !i.createdFrom || !i.createdTo || new Date(i.createdFrom) < new Date(i.createdTo),
  { path: ["createdTo"], message: "createdTo must be after createdFrom" },
];

export const listOrdersInput = z
  .object({
    limit: pageLimit,
    /** After the last (createdAt, id) of the previous page, newest first. */
    cursor: cursorInput(z.tuple([isoInstant, text().max(64)])).nullish(),
    ...orderFilterFields,
  })
  .refine(...dateRangeCheck)
  .default({ limit: 20 });
export type ListOrdersInput = z.infer<typeof listOrdersInput>;

export const listOrdersOutput = z.object({ items: z.array(orderOutput), nextCursor: z.string().nullable() });
