import type { ActorContext } from "../../context";
import { findEndpoint } from "./byId.handler";
import { assertEndpointUrl, assertReadableTypes } from "./endpoint-rules";
import { toEndpointOutput } from "./endpoint.output";
import type { UpdateEndpointInput } from "./update.schema";

export async function updateEndpointHandler({
  ctx,
  input,
}: {
  ctx: Pick<ActorContext, "actor" | "audit" | "db">;
  input: UpdateEndpointInput;
}) {
  const { id, ...changes } = input;
  const before = await findEndpoint(ctx.db, id);
  if (changes.eventTypes) assertReadableTypes(ctx.actor, changes.eventTypes);
  if (changes.url) assertEndpointUrl(changes.url);
  const reenabled = changes.enabled === true && !before.enabled;
  const endpoint = await ctx.db.webhookEndpoint.update({
    where: { id },
    data: {
      ...changes,
      ...(reenabled ? { disabledReason: null, failingSince: null } : {}),
      ...(changes.enabled === false ? { disabledReason: null } : {}),
    },
  });
  const diff: Record<string, [unknown, unknown]> = {};
  for (const key of Object.keys(changes) as (keyof typeof changes)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(endpoint[key])) diff[key] = [before[key], endpoint[key]];
  }
  ctx.audit.describe({ targetType: "WebhookEndpoint", targetId: id, diff });
  return toEndpointOutput(endpoint);
}
