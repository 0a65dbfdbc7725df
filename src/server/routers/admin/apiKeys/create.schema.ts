import { z } from "zod";
import { text } from "../../../validation/text";
import { apiKeyScopeNames } from "../../../auth/permissions";
import { apiKeyOutput } from "./apiKey.output";

export const createApiKeyInput = z.object({
  name: text().trim().min(1, "Name the key after who uses it").max(100, "Use at most 100 characters"),
  scopes: z.array(z.enum(apiKeyScopeNames)).min(1, "Choose at least one scope"),
  /** Optional; must be in the future. */
  expiresAt: z
    .date()
    .refine((date) => date.getTime() > Date.now(), "The expiry must be in the future")
    .nullish(),
});
export type CreateApiKeyInput = z.infer<typeof createApiKeyInput>;

export const createApiKeyOutput = z.object({
  key: apiKeyOutput,
  /** Shown once: only its hash is stored. */
  secret: z.string(),
});
