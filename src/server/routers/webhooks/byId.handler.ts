import type { ActorContext } from "../../context";
import { appError } from "../../errors";
import type { DbClient } from "../../db";
import type { EndpointByIdInput } from "./byId.schema";
import { toEndpointOutput } from "./endpoint.output";

export function endpointNotFound(id: string) {
  return appError("NOT_FOUND", "WEBHOOK_ENDPOINT_NOT_FOUND", `No webhook endpoint with id ${id}`, { field: "id", endpointId: id });
}

export async function findEndpoint(db: DbClient, id: string) {
  const endpoint = await db.webhookEndpoint.findUnique({ where: { id } });
  if (!endpoint) throw endpointNotFound(id);
  return endpoint;
}

export async function endpointByIdHandler({ ctx, input }: { ctx: Pick<ActorContext, "db">; input: EndpointByIdInput }) {
  return toEndpointOutput(await findEndpoint(ctx.db, input.id));
}
