import { z } from "zod";
import type { WebhookEndpoint } from "@/generated/prisma/client";
import { eventTypes } from "../../events/catalog";

/** An endpoint as lists and pages show it: never its secret. */
export const endpointOutput = z.object({
  id: z.string(),
  url: z.string(),
  description: z.string(),
  eventTypes: z.array(z.enum(eventTypes)),
  enabled: z.boolean(),
  disabledReason: z.string().nullable().describe("Why Stockroom disabled it (410 Gone, failing too long); null otherwise"),
  failingSince: z.date().nullable().describe("When its current run of failed attempts began"),
  previousSecretExpiresAt: z.date().nullable().describe("Until then the secret before the last rotation signs too"),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type EndpointOutput = z.infer<typeof endpointOutput>;

export const endpointWithSecretOutput = z.object({
  endpoint: endpointOutput,
  secret: z.string().describe("The signing secret (whsec_…): shown this once"),
});

export function toEndpointOutput(row: WebhookEndpoint): EndpointOutput {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: row.eventTypes as EndpointOutput["eventTypes"],
    enabled: row.enabled,
    disabledReason: row.disabledReason,
    failingSince: row.failingSince,
    previousSecretExpiresAt: row.previousSecretExpiresAt && row.previousSecretExpiresAt > new Date() ? row.previousSecretExpiresAt : null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
