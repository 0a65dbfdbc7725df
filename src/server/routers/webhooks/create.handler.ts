import { randomBytes } from "node:crypto";
import { actorRef } from "../../auth/permissions";
import { getServerConfig } from "../../config";
import type { ActorContext } from "../../context";
import { deliveryLeaseSeconds } from "../../jobs/runner";
import { createDeliveryQueue } from "../../webhooks/queues";
import { newWebhookSecret } from "../../webhooks/signing";
import type { CreateEndpointInput } from "./create.schema";
import { assertEndpointUrl, assertReadableTypes } from "./endpoint-rules";
import { toEndpointOutput } from "./endpoint.output";

/** Registers a receiver and its delivery queue in one transaction; the secret is returned this once. */
export async function createEndpointHandler({
  ctx,
  input,
}: {
  ctx: Pick<ActorContext, "actor" | "audit" | "db">;
  input: CreateEndpointInput;
}) {
  assertReadableTypes(ctx.actor, input.eventTypes);
  assertEndpointUrl(input.url);
  const secret = newWebhookSecret();
  const { actorType, actorId } = actorRef(ctx.actor);
  const endpoint = await ctx.db.webhookEndpoint.create({
    data: { id: `whe_${randomBytes(12).toString("base64url")}`, ...input, secret, createdByType: actorType, createdById: actorId },
  });
  const settings = getServerConfig().webhooks;
  await createDeliveryQueue(ctx.db, endpoint.id, {
    leaseSeconds: deliveryLeaseSeconds(settings),
    retryDelaySeconds: settings.retryDelaySeconds,
  });
  ctx.audit.describe({
    targetType: "WebhookEndpoint",
    targetId: endpoint.id,
    diff: { url: [null, endpoint.url], eventTypes: [null, endpoint.eventTypes], enabled: [null, endpoint.enabled] },
  });
  return { endpoint: toEndpointOutput(endpoint), secret };
}
