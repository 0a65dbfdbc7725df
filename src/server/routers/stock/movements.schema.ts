import { z } from "zod";
import { text } from "../../validation/text";
import { ActorType, StockMovementReason } from "@/generated/prisma/enums";
import { cursorInput, pageLimit } from "../../cursor";
import { productIdField } from "../products/product.fields";

export const listMovementsInput = z.object({
  productId: productIdField,
  limit: pageLimit,
  /** After the last movement id of the previous page (newest first). */
  cursor: cursorInput(z.tuple([text().regex(/^\d{1,18}$/)])).nullish(),
});
export type ListMovementsInput = z.infer<typeof listMovementsInput>;

export const movementOutput = z.object({
  /** The ledger's sequence number, as a string (it is a 64-bit integer). */
  id: z.string(),
  productId: z.string(),
  delta: z.number().int(),
  reason: z.enum(StockMovementReason),
  note: z.string(),
  stockAfter: z.number().int(),
  orderId: z.string().nullable(),
  actorType: z.enum(ActorType),
  actorId: z.string().nullable(),
  at: z.date(),
});

export const listMovementsOutput = z.object({ items: z.array(movementOutput), nextCursor: z.string().nullable() });
