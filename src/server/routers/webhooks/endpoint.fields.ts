import { z } from "zod";
import { text } from "../../validation/text";
import { eventTypes } from "../../events/catalog";

export const endpointIdField = text().min(1).max(100);

/** Checked again when saved (./endpoint-rules.ts: https, no private address) and at every connection. */
export const endpointUrlField = text()
  .trim()
  .min(1, "Give the receiver's URL")
  .max(2_048, "Use at most 2048 characters")
  .refine((value) => URL.canParse(value), {
    message: "Use an absolute URL such as https://erp.example.com/hooks/stockroom",
    params: { code: "invalid_url" },
  });

export const eventTypesField = z
  .array(z.enum(eventTypes))
  .min(1, "Choose at least one event type")
  .max(eventTypes.length)
  .transform((types) => [...new Set(types)]);

export const descriptionField = text().trim().max(500, "Use at most 500 characters");
