import { z } from "zod";
import { apiKeyOutput } from "./apiKey.output";

export const listApiKeysInput = z.object({ includeRevoked: z.boolean().default(false) }).default({ includeRevoked: false });
export type ListApiKeysInput = z.infer<typeof listApiKeysInput>;

export const listApiKeysOutput = z.object({ items: z.array(apiKeyOutput) });
