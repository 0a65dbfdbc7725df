import type { Prisma } from "@/generated/prisma/client";
import type { ActorContext } from "../../../context";
import { pageOf } from "../../../cursor";
import type { ListAuditEventsInput } from "./list.schema";

/** The trail newest first (by id, which only grows), with filters. */
export async function listAuditEventsHandler({ ctx, input }: { ctx: Pick<ActorContext, "db">; input: ListAuditEventsInput }) {
  const where: Prisma.AuditEventWhereInput = {
    actorId: input.actorId,
    action: input.action?.endsWith(".") ? { startsWith: input.action } : input.action,
    targetType: input.targetType,
    targetId: input.targetId,
    outcome: input.outcome,
    at:
      input.from || input.to
        ? { gte: input.from ? new Date(input.from) : undefined, lte: input.to ? new Date(input.to) : undefined }
        : undefined,
    id: input.cursor ? { lt: BigInt(input.cursor[0]) } : undefined,
  };
  const rows = await ctx.db.auditEvent.findMany({ where, orderBy: { id: "desc" }, take: input.limit + 1 });
  const page = pageOf(rows, input.limit, (last) => [last.id.toString()]);
  return {
    nextCursor: page.nextCursor,
    items: page.items.map((row) => ({ ...row, id: row.id.toString(), diff: row.diff as Record<string, unknown> | null })),
  };
}
