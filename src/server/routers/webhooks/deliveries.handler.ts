import type { Prisma } from "@/generated/prisma/client";
import type { ActorContext } from "../../context";
import { keysetAfter, pageOf } from "../../cursor";
import { findEndpoint } from "./byId.handler";
import type { ListDeliveriesInput } from "./deliveries.schema";

export const deliverySelect = {
  id: true,
  eventId: true,
  eventType: true,
  status: true,
  attemptCount: true,
  createdAt: true,
  lastAttemptAt: true,
  attempts: {
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: 10,
    select: { at: true, durationMs: true, statusCode: true, responseExcerpt: true, error: true },
  },
} satisfies Prisma.WebhookDeliverySelect;

/** An endpoint's delivery log, newest first, with each delivery's latest attempts. */
export async function listDeliveriesHandler({ ctx, input }: { ctx: Pick<ActorContext, "db">; input: ListDeliveriesInput }) {
  await findEndpoint(ctx.db, input.id);
  const rows = await ctx.db.webhookDelivery.findMany({
    where: {
      endpointId: input.id,
      ...(input.status ? { status: input.status } : {}),
      ...(input.cursor ? keysetAfter("createdAt", new Date(input.cursor[0]), input.cursor[1], "desc") : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
    select: deliverySelect,
  });
  return pageOf(rows, input.limit, (last) => [last.createdAt.toISOString(), last.id]);
}
