import { permissionProcedure, router } from "../../trpc";
import { endpointByIdHandler } from "./byId.handler";
import { endpointByIdInput } from "./byId.schema";
import { createEndpointHandler } from "./create.handler";
import { createEndpointInput } from "./create.schema";
import { deleteEndpointHandler } from "./delete.handler";
import { listDeliveriesHandler } from "./deliveries.handler";
import { deliveryOutput, listDeliveriesInput, listDeliveriesOutput } from "./deliveries.schema";
import { endpointOutput, endpointWithSecretOutput } from "./endpoint.output";
import { listEndpointsHandler } from "./list.handler";
import { listEndpointsInput, listEndpointsOutput } from "./list.schema";
import { retryDeliveryHandler } from "./retryDelivery.handler";
import { retryDeliveryInput } from "./retryDelivery.schema";
import { rotateSecretHandler } from "./rotateSecret.handler";
import { testEndpointHandler } from "./test.handler";
import { updateEndpointHandler } from "./update.handler";
import { updateEndpointInput } from "./update.schema";

const tags = ["Webhooks"];
const manage = () => permissionProcedure("webhook:manage");

/** Webhook endpoints and their delivery logs, for integrators (webhooks:write) and admins (docs/webhooks.md). */
export const webhooksRouter = router({
  list: manage()
    .meta({ openapi: { method: "GET", path: "/webhook-endpoints", tags, summary: "Every webhook endpoint, newest first" } })
    .input(listEndpointsInput)
    .output(listEndpointsOutput)
    .query(listEndpointsHandler),
  create: manage()
    .meta({
      openapi: {
        method: "POST",
        path: "/webhook-endpoints",
        tags,
        summary: "Register a receiver; its signing secret is in this answer only",
      },
      rest: { successStatus: 201, location: "/webhook-endpoints/{endpoint.id}" },
    })
    .input(createEndpointInput)
    .output(endpointWithSecretOutput)
    .mutation(createEndpointHandler),
  byId: manage()
    .meta({ openapi: { method: "GET", path: "/webhook-endpoints/{id}", tags, summary: "One webhook endpoint" } })
    .input(endpointByIdInput)
    .output(endpointOutput)
    .query(endpointByIdHandler),
  update: manage()
    .meta({
      openapi: {
        method: "PATCH",
        path: "/webhook-endpoints/{id}",
        tags,
        summary: "Change an endpoint's URL, event types, description, or enable it",
      },
    })
    .input(updateEndpointInput)
    .output(endpointOutput)
    .mutation(updateEndpointHandler),
  delete: manage()
    .meta({
      openapi: { method: "DELETE", path: "/webhook-endpoints/{id}", tags, summary: "Remove an endpoint, its queue and its delivery log" },
      rest: { successStatus: 204 },
    })
    .input(endpointByIdInput)
    .output(endpointOutput)
    .mutation(deleteEndpointHandler),
  rotateSecret: manage()
    .meta({
      openapi: {
        method: "POST",
        path: "/webhook-endpoints/{id}/rotate-secret",
        tags,
        summary: "A new signing secret (shown once); the old one signs alongside it for 24 hours",
      },
    })
    .input(endpointByIdInput)
    .output(endpointWithSecretOutput)
    .mutation(rotateSecretHandler),
  deliveries: manage()
    .meta({
      openapi: {
        method: "GET",
        path: "/webhook-endpoints/{id}/deliveries",
        tags,
        summary: "An endpoint's deliveries, newest first, with their attempts",
      },
    })
    .input(listDeliveriesInput)
    .output(listDeliveriesOutput)
    .query(listDeliveriesHandler),
  retryDelivery: manage()
    .meta({
      openapi: {
        method: "POST",
        path: "/webhook-endpoints/{id}/deliveries/{deliveryId}/retry",
        tags,
        summary: "Send a failed or waiting delivery again now",
      },
    })
    .input(retryDeliveryInput)
    .output(deliveryOutput)
    .mutation(retryDeliveryHandler),
  test: manage()
    .meta({
      openapi: { method: "POST", path: "/webhook-endpoints/{id}/test", tags, summary: "Send a signed webhook.ping to the endpoint" },
    })
    .input(endpointByIdInput)
    .output(deliveryOutput)
    .mutation(testEndpointHandler),
});
