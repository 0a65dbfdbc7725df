import type { ActorContext } from "../../context";
import { toEndpointOutput } from "./endpoint.output";

/** Every endpoint, newest first (a shop has a handful: no paging). */
export async function listEndpointsHandler({ ctx }: { ctx: Pick<ActorContext, "db"> }) {
  const rows = await ctx.db.webhookEndpoint.findMany({ orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 500 });
  return { items: rows.map(toEndpointOutput) };
}
