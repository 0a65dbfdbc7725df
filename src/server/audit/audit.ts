/**
 * The audit trail: append-only rows of who did what to what, and how it ended. Mutations by staff,
 * admins and API keys are recorded by the tRPC middleware in the same transaction as the change;
 * handlers only describe their target and what changed.
 */
import type { Prisma } from "@/generated/prisma/client";
import type { AuditOutcome } from "@/generated/prisma/enums";
import type { ClientInfo } from "../client-info";
import type { DbClient } from "../db";
import { actorRef, type Actor } from "../auth/permissions";

/** `{ field: [before, after] }` for each field that changed. */
export type AuditDiff = Record<string, [unknown, unknown]>;

export interface AuditDescription {
  targetType?: string;
  targetId?: string;
  diff?: AuditDiff;
}

/** Handed to handlers as `ctx.audit`: what the entry for this call should say about its target. */
export interface AuditRecorder {
  describe(description: AuditDescription): void;
  readonly description: AuditDescription;
}

export function createAuditRecorder(): AuditRecorder {
  let description: AuditDescription = {};
  return {
    describe(more) {
      description = { ...description, ...more, diff: more.diff ? { ...description.diff, ...more.diff } : description.diff };
    },
    get description() {
      return description;
    },
  };
}

/** The fields of `after` whose values differ from `before`, as `{ field: [before, after] }`. */
export function diffOf<T extends Record<string, unknown>>(before: T, after: Partial<T>): AuditDiff {
  const diff: AuditDiff = {};
  for (const [key, value] of Object.entries(after)) {
    if (value !== undefined && JSON.stringify(before[key]) !== JSON.stringify(value)) diff[key] = [before[key], value];
  }
  return diff;
}

export interface AuditEntry extends AuditDescription {
  actor: Actor | null;
  action: string;
  outcome: AuditOutcome;
  reason?: string | null;
  requestId: string;
  client: ClientInfo;
}

export async function writeAuditEvent(db: DbClient, entry: AuditEntry): Promise<void> {
  await db.auditEvent.create({
    data: {
      ...actorRef(entry.actor),
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      outcome: entry.outcome,
      reason: entry.reason ?? null,
      requestId: entry.requestId,
      ip: entry.client.ip,
      userAgent: entry.client.userAgent,
      diff: entry.diff && Object.keys(entry.diff).length ? (entry.diff as Prisma.InputJsonValue) : undefined,
    },
    // Nothing read back: the row is written, not used.
    select: { id: true },
  });
}

/** Staff, admins and API keys leave a trail for every change; customers' own shopping does not. */
export function isAuditedActor(actor: Actor | null): actor is Actor {
  return actor !== null && (actor.type === "apiKey" || actor.role !== "CUSTOMER");
}
