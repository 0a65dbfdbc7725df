import { z } from "zod";
import { ActorType } from "@/generated/prisma/enums";
import { bigintCursorPart, cursorInput, pageLimit } from "../../cursor";
import { eventTypes } from "../../events/catalog";

export const listEventsInput = z
  .object({
    limit: pageLimit,
    /** Where the previous call ended (its nextCursor); omit it to start from the oldest event kept. */
    cursor: cursorInput(z.tuple([bigintCursorPart, bigintCursorPart])).nullish(),
    /** Only these types (repeat `type=` for several); absent: every type the caller may read. */
    type: z.array(z.enum(eventTypes)).min(1).max(eventTypes.length).optional(),
  })
  .default({ limit: 20 });
export type ListEventsInput = z.infer<typeof listEventsInput>;

export const eventOutput = z.object({
  id: z.string().describe("Stable; the webhook-id of its deliveries"),
  type: z.enum(eventTypes),
  version: z.number().int(),
  at: z.date(),
  actor: z.object({ type: z.enum(ActorType), id: z.string().nullable() }),
  subjectId: z.string().nullable(),
  data: z.record(z.string(), z.unknown()).describe("The payload declared for this type and version (see the webhooks section)"),
});

export const listEventsOutput = z.object({
  items: z.array(eventOutput),
  /** Always set once anything was read: pass it back later to get the events after this page. */
  nextCursor: z.string().nullable(),
});
