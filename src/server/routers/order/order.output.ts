import { z } from "zod";
import { ActorType, OrderStatus } from "@/generated/prisma/enums";

/** One query shape for every order read: lines, customer and history come with it (no N+1). */
export const orderInclude = {
  lines: { orderBy: { id: "asc" }, select: { id: true, productId: true, sku: true, name: true, unitPriceMinor: true, quantity: true, lineTotalMinor: true } },
  customer: { select: { id: true, email: true, name: true } },
  history: { orderBy: { id: "asc" }, select: { fromStatus: true, toStatus: true, actorType: true, actorId: true, at: true } },
} as const;

export const orderOutput = z.object({
  id: z.string(),
  status: z.enum(OrderStatus),
  currency: z.string(),
  subtotalMinor: z.number().int(),
  totalMinor: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
  customer: z.object({ id: z.string(), email: z.string(), name: z.string() }),
  lines: z.array(
    z.object({
      id: z.string(),
      productId: z.string(),
      sku: z.string(),
      name: z.string(),
      unitPriceMinor: z.number().int(),
      quantity: z.number().int(),
      lineTotalMinor: z.number().int(),
    }),
  ),
  history: z.array(
    z.object({ fromStatus: z.enum(OrderStatus).nullable(), toStatus: z.enum(OrderStatus), actorType: z.enum(ActorType), actorId: z.string().nullable(), at: z.date() }),
  ),
});

/** A checkout's answer: the order, and whether this was a replay of an earlier request with the same key. */
export const placedOrderOutput = orderOutput.extend({ replayed: z.boolean() });
