import { tracked } from "@trpc/server";
import type { OrderStatus } from "@/generated/prisma/enums";
import { seesAll } from "../../auth/permissions";
import type { ActorContext } from "../../context";
import type { EventPayload } from "../../events/catalog";
import { subscribeToEvents } from "../../realtime/subscribe";
import type { LiveOrdersInput } from "./live.schema";

type OrderChange =
  | { kind: "created"; orderId: string; status: OrderStatus; at: Date }
  | { kind: "status_changed"; orderId: string; from: OrderStatus; status: OrderStatus; at: Date };

/**
 * Orders as they are placed and move through their lifecycle, for the order pages: a customer's own orders
 * only (another customer's order id simply yields nothing, as `byId` finds nothing), every order for staff
 * and `orders:read` keys. Resumes after `lastEventId`.
 */
export async function* liveOrdersHandler({ ctx, input, signal }: { ctx: ActorContext; input: LiveOrdersInput; signal?: AbortSignal }) {
  const owner = seesAll(ctx.actor, "order") ? null : ctx.actor.type === "user" ? ctx.actor.userId : "";
  const events = subscribeToEvents({
    db: ctx.db,
    actor: ctx.actor,
    clientIp: ctx.client.ip,
    procedure: "order.live",
    lastEventId: input.lastEventId,
    accept: (event) => {
      if (event.type !== "order.created" && event.type !== "order.status_changed") return false;
      const data = event.data as { orderId: string; customerId: string };
      return (owner === null || data.customerId === owner) && (!input.orderId || data.orderId === input.orderId);
    },
    signal,
  });
  for await (const event of events) {
    let change: OrderChange;
    if (event.type === "order.created") {
      const data = event.data as EventPayload<"order.created">;
      change = { kind: "created", orderId: data.orderId, status: data.status, at: event.at };
    } else {
      const data = event.data as EventPayload<"order.status_changed">;
      change = { kind: "status_changed", orderId: data.orderId, from: data.from, status: data.to, at: event.at };
    }
    yield tracked(event.id, change);
  }
}
