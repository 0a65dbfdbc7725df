import { TRPCError } from "@trpc/server";
import { apiKeySummarySelect, toApiKeySummary } from "../../../auth/api-keys";
import { announceIdentityChange } from "../../../auth/identity-cache";
import type { ActorContext } from "../../../context";
import type { RevokeApiKeyInput } from "./revoke.schema";

/** Revokes a key: its next request is refused. Revoking twice keeps the first time. */
export async function revokeApiKeyHandler({ ctx, input }: { ctx: Pick<ActorContext, "audit" | "db" | "unit">; input: RevokeApiKeyInput }) {
  const before = await ctx.db.apiKey.findUnique({ where: { id: input.id }, select: { revokedAt: true } });
  if (!before) throw new TRPCError({ code: "NOT_FOUND", message: `No API key with id ${input.id}` });
  const key = await ctx.db.apiKey.update({
    where: { id: input.id },
    data: { revokedAt: before.revokedAt ?? new Date() },
    select: apiKeySummarySelect,
  });
  announceIdentityChange(ctx.unit, { apiKeyId: key.id });
  ctx.audit.describe({ targetType: "ApiKey", targetId: key.id, diff: before.revokedAt ? {} : { revokedAt: [null, key.revokedAt] } });
  return toApiKeySummary(key);
}
