import { z } from "zod";
import { lastEventIdInput } from "../../cursor";
import { eventTypes } from "../../events/catalog";

export const liveEventsInput = z
  .object({
    /** Only these types; absent: every type the caller may read. */
    types: z.array(z.enum(eventTypes)).min(1).max(eventTypes.length).optional(),
    lastEventId: lastEventIdInput,
  })
  .default({});
export type LiveEventsInput = z.infer<typeof liveEventsInput>;
