import { z } from "zod";
import { text } from "../../validation/text";
import { endpointIdField } from "./endpoint.fields";

export const retryDeliveryInput = z.object({ id: endpointIdField, deliveryId: text().min(1).max(100) });
export type RetryDeliveryInput = z.infer<typeof retryDeliveryInput>;
