import { z } from "zod";
import { apiKeyScopeNames } from "../../../auth/permissions";

/** A key as lists show it: never the secret, only its prefix. */
export const apiKeyOutput = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.enum(apiKeyScopeNames)),
  createdAt: z.date(),
  expiresAt: z.date().nullable(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
  createdBy: z.object({ id: z.string(), email: z.string() }).nullable(),
});
