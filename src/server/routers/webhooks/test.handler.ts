import type { ActorContext } from "../../context";
import { appError } from "../../errors";
import { newEventId } from "../../events/record";
import { wakeEndpointWorker } from "../../jobs/process-runner";
import { PING_TYPE, webhookBody } from "../../webhooks/body";
import { queueDelivery } from "../../webhooks/queues";
import { newDeliveryId } from "../../webhooks/relay";
import { findEndpoint } from "./byId.handler";
import type { EndpointByIdInput } from "./byId.schema";
import { deliverySelect } from "./deliveries.handler";

/** Sends a `webhook.ping` (one try, signed like any delivery) and returns its delivery, to follow in the log. */
export async function testEndpointHandler({ ctx, input }: { ctx: Pick<ActorContext, "audit" | "db" | "unit">; input: EndpointByIdInput }) {
  const endpoint = await findEndpoint(ctx.db, input.id);
  if (!endpoint.enabled) throw appError("CONFLICT", "WEBHOOK_ENDPOINT_DISABLED", "Enable the endpoint before testing it", { field: "id" });
  const eventId = newEventId();
  const body = webhookBody({
    id: eventId,
    type: PING_TYPE,
    version: 1,
    timestamp: new Date().toISOString(),
    data: { endpointId: endpoint.id },
  });
  const delivery = await ctx.db.webhookDelivery.create({
    data: { id: newDeliveryId(), endpointId: endpoint.id, eventId, eventType: PING_TYPE, body },
    select: deliverySelect,
  });
  await queueDelivery(ctx.db, endpoint.id, delivery.id, { singleTry: true });
  ctx.unit.afterCommit(() => wakeEndpointWorker(endpoint.id));
  ctx.audit.describe({ targetType: "WebhookEndpoint", targetId: endpoint.id });
  return delivery;
}
