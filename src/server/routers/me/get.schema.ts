import { z } from "zod";
import { Role } from "@/generated/prisma/enums";
import { apiKeyScopeNames } from "../../auth/permissions";

/** Who the caller is: a signed-in user (their profile) or an API key (its name and scopes). */
export const meOutput = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("user"),
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(Role),
    createdAt: z.date(),
  }),
  z.object({
    type: z.literal("apiKey"),
    id: z.string(),
    name: z.string(),
    prefix: z.string(),
    scopes: z.array(z.enum(apiKeyScopeNames)),
    expiresAt: z.date().nullable(),
  }),
]);
