import { z } from "zod";
import { descriptionField, endpointIdField, endpointUrlField, eventTypesField } from "./endpoint.fields";

/** Changes the given fields only. Enabling again clears why it was disabled and its failure streak. */
export const updateEndpointInput = z.object({
  id: endpointIdField,
  url: endpointUrlField.optional(),
  eventTypes: eventTypesField.optional(),
  description: descriptionField.optional(),
  enabled: z.boolean().optional(),
});
export type UpdateEndpointInput = z.infer<typeof updateEndpointInput>;
