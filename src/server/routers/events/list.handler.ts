import type { ActorContext } from "../../context";
import { encodeCursor } from "../../cursor";
import { readableEventTypes } from "../../events/access";
import type { EventType } from "../../events/catalog";
import { eventsAfter, finishedTransactionsBefore } from "../../events/feed";
import type { ListEventsInput } from "./list.schema";

/**
 * The event feed, oldest first, for integrators who pull; each type needs its own permission
 * (../../events/access.ts). Only events of finished transactions are listed, in the order their transactions
 * were given ids (../../events/feed.ts), so a cursor never passes an event that commits later.
 */
export async function listEventsHandler({ ctx, input }: { ctx: Pick<ActorContext, "actor" | "db">; input: ListEventsInput }) {
  const types = readableEventTypes(ctx.actor, input.type);
  const after = input.cursor ? { txid: BigInt(input.cursor[0]), seq: BigInt(input.cursor[1]) } : null;
  const rows = await ctx.db.event.findMany({
    where: {
      type: { in: types },
      txid: { lt: await finishedTransactionsBefore(ctx.db) },
      ...(after ? eventsAfter(after) : {}),
    },
    orderBy: [{ txid: "asc" }, { seq: "asc" }],
    take: input.limit,
  });
  const last = rows.at(-1);
  const nextCursor = last ? encodeCursor([String(last.txid), String(last.seq)]) : input.cursor ? encodeCursor(input.cursor) : null;
  return {
    items: rows.map((row) => ({
      id: row.id,
      type: row.type as EventType,
      version: row.version,
      at: row.at,
      actor: { type: row.actorType, id: row.actorId },
      subjectId: row.subjectId,
      data: row.payload as Record<string, unknown>,
    })),
    nextCursor,
  };
}
