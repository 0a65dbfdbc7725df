import { z } from "zod";
import { OrderStatus } from "@/generated/prisma/enums";
import { cursorInput, pageLimit } from "../../cursor";
import { orderOutput } from "./order.output";

export const listOrdersInput = z
  .object({
    limit: pageLimit,
    /** After the last (createdAt, id) of the previous page, newest first. */
    cursor: cursorInput(z.tuple([z.iso.datetime(), z.string()])).nullish(),
    status: z.enum(OrderStatus).optional(),
    /** Staff only in effect: a customer's list is always their own. */
    customerId: z.string().max(64).optional(),
  })
  .default({ limit: 20 });
export type ListOrdersInput = z.infer<typeof listOrdersInput>;

export const listOrdersOutput = z.object({ items: z.array(orderOutput), nextCursor: z.string().nullable() });
