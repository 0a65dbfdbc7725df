import { z } from "zod";
import { WebhookDeliveryStatus } from "@/generated/prisma/enums";
import { cursorInput, pageLimit } from "../../cursor";
import { text } from "../../validation/text";
import { endpointIdField } from "./endpoint.fields";

export const listDeliveriesInput = z.object({
  id: endpointIdField,
  status: z.enum(WebhookDeliveryStatus).optional(),
  limit: pageLimit,
  cursor: cursorInput(z.tuple([text().datetime(), text().max(100)])).nullish(),
});
export type ListDeliveriesInput = z.infer<typeof listDeliveriesInput>;

export const attemptOutput = z.object({
  at: z.date(),
  durationMs: z.number().int(),
  statusCode: z.number().int().nullable().describe("The receiver's HTTP status; null when none came (refused, timeout, reset)"),
  responseExcerpt: z.string().nullable().describe("The start of the response body (1 KiB at most)"),
  error: z.string().nullable(),
});

export const deliveryOutput = z.object({
  id: z.string(),
  eventId: z.string().describe("The webhook-id header of every attempt"),
  eventType: z.string(),
  status: z.enum(WebhookDeliveryStatus),
  attemptCount: z.number().int(),
  createdAt: z.date(),
  lastAttemptAt: z.date().nullable(),
  attempts: z.array(attemptOutput).describe("The latest attempts, newest first (10 at most)"),
});

export const listDeliveriesOutput = z.object({ items: z.array(deliveryOutput), nextCursor: z.string().nullable() });
