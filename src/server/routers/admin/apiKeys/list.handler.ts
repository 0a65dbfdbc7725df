import { apiKeySummarySelect } from "../../../auth/api-keys";
import { isApiKeyScope } from "../../../auth/permissions";
import type { ActorContext } from "../../../context";
import type { ListApiKeysInput } from "./list.schema";

/** Every key, newest first (a small business has tens, not thousands: no pagination). */
export async function listApiKeysHandler({ ctx, input }: { ctx: ActorContext; input: ListApiKeysInput }) {
  const keys = await ctx.db.apiKey.findMany({
    where: input.includeRevoked ? {} : { revokedAt: null },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: apiKeySummarySelect,
  });
  return { items: keys.map((key) => ({ ...key, scopes: key.scopes.filter(isApiKeyScope) })) };
}
