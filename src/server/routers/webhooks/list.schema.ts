import { z } from "zod";
import { endpointOutput } from "./endpoint.output";

export const listEndpointsInput = z.object({}).default({});
export const listEndpointsOutput = z.object({ items: z.array(endpointOutput) });
