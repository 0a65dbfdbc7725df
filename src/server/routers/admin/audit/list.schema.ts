import { z } from "zod";
import { text } from "../../../validation/text";
import { isoInstant } from "../../../instant";
import { ActorType, AuditOutcome } from "@/generated/prisma/enums";
import { bigintCursorPart, cursorInput, pageLimit } from "../../../cursor";

export const listAuditEventsInput = z.object({
  limit: pageLimit,
  /** Before the last id of the previous page (newest first). */
  cursor: cursorInput(z.tuple([bigintCursorPart])).nullish(),
  actorId: text().max(64).optional(),
  /** A procedure, e.g. "admin.users.setRole", or a prefix ending in "." such as "admin.". */
  action: text().max(100).optional(),
  targetType: text().max(50).optional(),
  targetId: text().max(64).optional(),
  outcome: z.enum(AuditOutcome).optional(),
  /** At or after this instant (ISO 8601). */
  from: isoInstant.optional(),
  /** At or before this instant (ISO 8601). */
  to: isoInstant.optional(),
});
export type ListAuditEventsInput = z.infer<typeof listAuditEventsInput>;

export const auditEventOutput = z.object({
  id: z.string(),
  at: z.date(),
  actorType: z.enum(ActorType),
  actorId: z.string().nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  outcome: z.enum(AuditOutcome),
  reason: z.string().nullable(),
  requestId: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  diff: z.record(z.string(), z.unknown()).nullable(),
});

export const listAuditEventsOutput = z.object({ items: z.array(auditEventOutput), nextCursor: z.string().nullable() });
