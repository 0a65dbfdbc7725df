import type { ActorContext } from "../../context";
import { deleteDeliveryQueue } from "../../webhooks/queues";
import { findEndpoint } from "./byId.handler";
import type { EndpointByIdInput } from "./byId.schema";
import { toEndpointOutput } from "./endpoint.output";

/** Removes the endpoint, its delivery log and its queue (jobs still waiting are dropped with it). */
export async function deleteEndpointHandler({ ctx, input }: { ctx: Pick<ActorContext, "audit" | "db">; input: EndpointByIdInput }) {
  const endpoint = await findEndpoint(ctx.db, input.id);
  await ctx.db.webhookEndpoint.delete({ where: { id: input.id } });
  await deleteDeliveryQueue(ctx.db, input.id);
  ctx.audit.describe({ targetType: "WebhookEndpoint", targetId: input.id, diff: { url: [endpoint.url, null] } });
  return toEndpointOutput(endpoint);
}
