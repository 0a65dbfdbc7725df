import { z } from "zod";
import { ActorType, OrderStatus } from "@/generated/prisma/enums";

export const orderOutput = z.object({
  id: z.string(),
  /** For people: "Order #1042". Links and APIs use `id`. */
  number: z.number().int(),
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
    z.object({
      fromStatus: z.enum(OrderStatus).nullable(),
      toStatus: z.enum(OrderStatus),
      actorType: z.enum(ActorType),
      actorId: z.string().nullable(),
      at: z.date(),
    }),
  ),
});

/** A checkout's answer: the order, and whether this was a replay of an earlier request with the same key. */
export const placedOrderOutput = orderOutput.extend({ replayed: z.boolean() });
