import type { ActorContext } from "../../context";
import { appError } from "../../errors";
import { wakeEndpointWorker } from "../../jobs/process-runner";
import { queueDelivery } from "../../webhooks/queues";
import { findEndpoint } from "./byId.handler";
import { deliverySelect } from "./deliveries.handler";
import type { RetryDeliveryInput } from "./retryDelivery.schema";

/**
 * "Retry now": one more try of a delivery, queued at once, with the same webhook-id and body. Allowed for a
 * failed delivery, or a pending one waiting for its next retry; a delivered one is a 409.
 */
export async function retryDeliveryHandler({
  ctx,
  input,
}: {
  ctx: Pick<ActorContext, "audit" | "db" | "unit">;
  input: RetryDeliveryInput;
}) {
  const endpoint = await findEndpoint(ctx.db, input.id);
  const delivery = await ctx.db.webhookDelivery.findFirst({
    where: { id: input.deliveryId, endpointId: input.id },
    select: { status: true },
  });
  if (!delivery) {
    throw appError("NOT_FOUND", "WEBHOOK_DELIVERY_NOT_FOUND", `No delivery ${input.deliveryId} for this endpoint`, { field: "deliveryId" });
  }
  if (delivery.status === "SUCCEEDED") {
    throw appError("CONFLICT", "WEBHOOK_DELIVERY_SUCCEEDED", "This delivery was already received: it is not sent again", {
      field: "deliveryId",
    });
  }
  if (!endpoint.enabled) {
    throw appError("CONFLICT", "WEBHOOK_ENDPOINT_DISABLED", "Enable the endpoint before retrying its deliveries", { field: "id" });
  }
  const updated = await ctx.db.webhookDelivery.update({
    where: { id: input.deliveryId },
    data: { status: "PENDING" },
    select: deliverySelect,
  });
  await queueDelivery(ctx.db, input.id, input.deliveryId, { singleTry: true });
  ctx.unit.afterCommit(() => wakeEndpointWorker(input.id));
  ctx.audit.describe({ targetType: "WebhookDelivery", targetId: input.deliveryId });
  return updated;
}
