/**
 * Every domain event Stockroom emits, declared once: its type, version, who may read it, and its payload's
 * schema. The outbox (./record.ts) refuses an undeclared type or a payload that does not match; the REST
 * feed, the OpenAPI document's `webhooks` section and docs/events.md are generated from this list.
 * Changing a payload incompatibly means a new version, never an edit (docs/events.md).
 */
import { z } from "zod";
import { OrderStatus, StockMovementReason } from "@/generated/prisma/enums";
import type { Permission } from "../auth/permissions";

const money = { currency: z.string().length(3).describe("ISO 4217 code"), totalMinor: z.number().int().describe("Minor units (cents)") };

const orderLine = z.object({
  productId: z.string(),
  sku: z.string(),
  quantity: z.number().int().positive(),
  unitPriceMinor: z.number().int(),
});

const productFields = z.object({
  productId: z.string(),
  sku: z.string(),
  name: z.string(),
  priceMinor: z.number().int(),
  currency: z.string().length(3),
  active: z.boolean(),
});

const stockLevel = z.object({
  productId: z.string(),
  sku: z.string(),
  stock: z.number().int().nonnegative().describe("The stock after the change"),
  lowStockThreshold: z.number().int().nonnegative(),
});

export interface EventDeclaration<Payload extends z.ZodType = z.ZodType> {
  version: number;
  /** What a reader must hold to see it (the REST feed, webhook endpoints, realtime). */
  permission: Permission;
  summary: string;
  payload: Payload;
}

function declare<P extends z.ZodType>(declaration: EventDeclaration<P>): EventDeclaration<P> {
  return declaration;
}

export const eventCatalog = {
  "order.created": declare({
    version: 1,
    permission: "order:read:any",
    summary: "An order was placed (web checkout or the API)",
    payload: z.object({
      orderId: z.string(),
      customerId: z.string(),
      status: z.enum(OrderStatus),
      ...money,
      lines: z.array(orderLine).min(1),
    }),
  }),
  "order.status_changed": declare({
    version: 1,
    permission: "order:read:any",
    summary: "An order moved through its lifecycle (cancellations too)",
    payload: z.object({ orderId: z.string(), customerId: z.string(), from: z.enum(OrderStatus), to: z.enum(OrderStatus) }),
  }),
  "order.cancelled": declare({
    version: 1,
    permission: "order:read:any",
    summary: "An order was cancelled; its stock went back on sale",
    payload: z.object({
      orderId: z.string(),
      customerId: z.string(),
      from: z.enum(OrderStatus),
      restocked: z.array(z.object({ productId: z.string(), quantity: z.number().int().positive() })),
    }),
  }),
  "product.created": declare({
    version: 1,
    permission: "product:read:any",
    summary: "A product was created",
    payload: productFields,
  }),
  "product.updated": declare({
    version: 1,
    permission: "product:read:any",
    summary: "A product's fields changed (not its stock: see stock.adjusted)",
    payload: productFields.extend({ changed: z.array(z.string()).min(1).describe("The fields that changed") }),
  }),
  "product.archived": declare({
    version: 1,
    permission: "product:read:any",
    summary: "A product was taken off sale (it keeps its history); product.updated announces putting it back",
    payload: productFields,
  }),
  "stock.adjusted": declare({
    version: 1,
    permission: "product:read:any",
    summary: "Stock was received, corrected, damaged or returned (not sales and cancellations: see order events)",
    payload: z.object({
      productId: z.string(),
      sku: z.string(),
      delta: z.number().int(),
      reason: z.enum(StockMovementReason),
      note: z.string(),
      stock: z.number().int().nonnegative().describe("The stock after the change"),
    }),
  }),
  "stock.low": declare({
    version: 1,
    permission: "product:read:any",
    summary: "A product's stock fell to or below its low-stock threshold (sent when it crosses, not on every sale)",
    payload: stockLevel,
  }),
  "stock.out": declare({
    version: 1,
    permission: "product:read:any",
    summary: "A product's stock reached zero",
    payload: stockLevel,
  }),
} satisfies Record<string, EventDeclaration>;

export type EventType = keyof typeof eventCatalog;
export type EventPayload<T extends EventType> = z.infer<(typeof eventCatalog)[T]["payload"]>;
export const eventTypes = Object.keys(eventCatalog) as EventType[];
