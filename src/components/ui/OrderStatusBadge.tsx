import { Badge, type BadgeTone } from "./Badge";

const tone: Record<string, BadgeTone> = {
  PENDING: "warn",
  PAID: "info",
  FULFILLED: "info",
  SHIPPED: "info",
  DELIVERED: "success",
  CANCELLED: "danger",
};

/** An order's status as a badge, coloured by where it is in the lifecycle. */
export function OrderStatusBadge({ status }: { status: string }) {
  return (
    <Badge tone={tone[status] ?? "neutral"} className={`order-status status-${status.toLowerCase()}`}>
      {status.toLowerCase()}
    </Badge>
  );
}
