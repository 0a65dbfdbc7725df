import { apiKeyEnvironment, createApiKey, toApiKeySummary } from "../../../auth/api-keys";
import type { ActorContext } from "../../../context";
import type { CreateApiKeyInput } from "./create.schema";

export async function createApiKeyHandler({ ctx, input }: { ctx: Pick<ActorContext, "actor" | "audit" | "db">; input: CreateApiKeyInput }) {
  const createdById = ctx.actor.type === "user" ? ctx.actor.userId : null;
  const { key, secret } = await createApiKey(ctx.db, { ...input, createdById }, apiKeyEnvironment());
  ctx.audit.describe({
    targetType: "ApiKey",
    targetId: key.id,
    diff: { name: [null, key.name], scopes: [null, key.scopes], expiresAt: [null, key.expiresAt] },
  });
  return { key: toApiKeySummary(key), secret };
}
