import { apiKeySummarySelect, toApiKeySummary } from "../../../auth/api-keys";
import type { ActorContext } from "../../../context";
import type { ListApiKeysInput } from "./list.schema";

/** Every key, newest first (a small business has tens, not thousands: no pagination). */
export async function listApiKeysHandler({ ctx, input }: { ctx: Pick<ActorContext, "db">; input: ListApiKeysInput }) {
  const keys = await ctx.db.apiKey.findMany({
    where: input.includeRevoked ? {} : { revokedAt: null },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: apiKeySummarySelect,
  });
  return { items: keys.map(toApiKeySummary) };
}
