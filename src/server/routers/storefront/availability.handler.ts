import { tracked } from "@trpc/server";
import type { Context } from "../../context";
import type { EventPayload } from "../../events/catalog";
import type { LiveEvent } from "../../realtime/hub";
import { subscribeToEvents } from "../../realtime/subscribe";
import type { AvailabilityInput } from "./availability.schema";

/** What changed for the followed products; the client reads the product (or its cart) again for figures. */
export type AvailabilityChange = "out_of_stock" | "stock_changed" | "archived" | "updated";

/** The followed products an event concerns, and how, or null. Stock figures stay out: the storefront shows none. */
function changeOf(event: LiveEvent, followed: ReadonlySet<string>): { productIds: string[]; change: AvailabilityChange } | null {
  const only = (ids: string[]) => ids.filter((id) => followed.has(id));
  let productIds: string[];
  let change: AvailabilityChange;
  switch (event.type) {
    case "stock.out":
      productIds = only([(event.data as EventPayload<"stock.out">).productId]);
      change = "out_of_stock";
      break;
    case "stock.adjusted":
      productIds = only([(event.data as EventPayload<"stock.adjusted">).productId]);
      change = "stock_changed";
      break;
    case "order.cancelled":
      productIds = only((event.data as EventPayload<"order.cancelled">).restocked.map((r) => r.productId));
      change = "stock_changed";
      break;
    case "product.archived":
      productIds = only([(event.data as EventPayload<"product.archived">).productId]);
      change = "archived";
      break;
    case "product.updated":
      productIds = only([(event.data as EventPayload<"product.updated">).productId]);
      change = "updated";
      break;
    default:
      return null;
  }
  return productIds.length ? { productIds, change } : null;
}

/**
 * Products running out, coming back, archived or changed, as it happens, for whoever looks at them (a cart
 * flags its lines live). Public, like the catalog; stock figures are not sent.
 */
export async function* availabilityHandler({ ctx, input, signal }: { ctx: Context; input: AvailabilityInput; signal?: AbortSignal }) {
  const followed = new Set(input.productIds);
  const events = subscribeToEvents({
    db: ctx.db,
    actor: ctx.actor,
    clientIp: ctx.client.ip,
    procedure: "storefront.availability",
    lastEventId: input.lastEventId,
    accept: (event) => changeOf(event, followed) !== null,
    signal,
  });
  for await (const event of events) yield tracked(event.id, { ...changeOf(event, followed)!, at: event.at });
}
