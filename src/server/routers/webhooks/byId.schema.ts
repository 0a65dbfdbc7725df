import { z } from "zod";
import { endpointIdField } from "./endpoint.fields";

/** One endpoint by id (also the input of delete, rotate-secret and test). */
export const endpointByIdInput = z.object({ id: endpointIdField });
export type EndpointByIdInput = z.infer<typeof endpointByIdInput>;
