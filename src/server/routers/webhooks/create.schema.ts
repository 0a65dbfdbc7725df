import { z } from "zod";
import { descriptionField, endpointUrlField, eventTypesField } from "./endpoint.fields";

export const createEndpointInput = z.object({
  url: endpointUrlField,
  eventTypes: eventTypesField,
  description: descriptionField.default(""),
  enabled: z.boolean().default(true),
});
export type CreateEndpointInput = z.infer<typeof createEndpointInput>;
