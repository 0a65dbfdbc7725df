import type { ActorContext } from "../../context";
import { newWebhookSecret } from "../../webhooks/signing";
import { findEndpoint } from "./byId.handler";
import type { EndpointByIdInput } from "./byId.schema";
import { toEndpointOutput } from "./endpoint.output";

/** The old secret keeps signing next to the new one this long, while the receiver switches. */
export const PREVIOUS_SECRET_HOURS = 24;

export async function rotateSecretHandler({ ctx, input }: { ctx: Pick<ActorContext, "audit" | "db">; input: EndpointByIdInput }) {
  const before = await findEndpoint(ctx.db, input.id);
  const secret = newWebhookSecret();
  const endpoint = await ctx.db.webhookEndpoint.update({
    where: { id: input.id },
    data: { secret, previousSecret: before.secret, previousSecretExpiresAt: new Date(Date.now() + PREVIOUS_SECRET_HOURS * 3_600_000) },
  });
  // Never the secrets themselves in the trail.
  ctx.audit.describe({ targetType: "WebhookEndpoint", targetId: input.id, diff: { secret: ["rotated", "rotated"] } });
  return { endpoint: toEndpointOutput(endpoint), secret };
}
