import { z } from "zod";
import { lastEventIdInput } from "../../cursor";
import { text } from "../../validation/text";

export const liveOrdersInput = z
  .object({
    /** Only this order's changes; absent: every order the caller may see. */
    orderId: text().min(1).max(100).optional(),
    lastEventId: lastEventIdInput,
  })
  .default({});
export type LiveOrdersInput = z.infer<typeof liveOrdersInput>;
