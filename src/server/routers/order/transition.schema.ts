import { z } from "zod";
import { text } from "../../validation/text";
import { OrderStatus } from "@/generated/prisma/enums";

export const transitionOrderInput = z.object({
  id: text().trim().min(1).max(64),
  /** The status to move to; see docs/orders.md for the lifecycle. */
  to: z.enum(OrderStatus),
});
export type TransitionOrderInput = z.infer<typeof transitionOrderInput>;
