"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import type { OrderStatus } from "@/generated/prisma/enums";
import { formatMoney } from "@/lib/money";
import { nextStatuses } from "@/server/orders/lifecycle";
import { useToast } from "@/components/Toaster";
import { OrderLines } from "@/components/OrderLines";
import { OrderStatusBadge } from "../ui/OrderStatusBadge";
import { StatusTimeline } from "../ui/StatusTimeline";
import { useConfirm } from "../ui/ConfirmDialog";
import { useTRPC } from "@/trpc/client";

const actions: Record<OrderStatus, string> = {
  PENDING: "Mark pending",
  PAID: "Mark paid",
  FULFILLED: "Mark fulfilled",
  SHIPPED: "Mark shipped",
  DELIVERED: "Mark delivered",
  CANCELLED: "Cancel order",
};

/** One order for staff: lines, customer, history, and a button for each step the lifecycle allows. */
export function OrderAdmin({ id }: { id: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const order = useQuery({ ...trpc.order.byId.queryOptions({ id }), retry: false });
  const toast = useToast();
  const [confirmDialog, confirm] = useConfirm();
  const transition = useMutation(
    trpc.order.transition.mutationOptions({
      onError: (error) => toast("error", error.message),
      onSuccess: (updated) => {
        toast("success", `The order is now ${updated.status.toLowerCase()}.`);
        queryClient.setQueryData(trpc.order.byId.queryKey({ id }), updated);
        void queryClient.invalidateQueries({ queryKey: trpc.order.list.pathKey() });
      },
      onSettled: () => void queryClient.invalidateQueries({ queryKey: trpc.order.byId.queryKey({ id }) }),
    }),
  );
  if (order.isPending) return <p className="status">Loading…</p>;
  if (order.isError) return <p className="error">{order.error.message}</p>;
  const o = order.data;
  return (
    <section aria-labelledby="order-heading">
      {confirmDialog}
      <p>
        <Link href="/admin/orders">← Orders</Link>
      </p>
      <h1 id="order-heading">Order #{o.number}</h1>
      <p>
        {o.customer.name} &lt;{o.customer.email}&gt; · Status: <OrderStatusBadge status={o.status} /> · Total{" "}
        {formatMoney(o.totalMinor, o.currency)}
      </p>
      <div className="actions" role="group" aria-label="Move the order">
        {nextStatuses[o.status].map((to) => (
          <button
            key={to}
            type="button"
            className={to === "CANCELLED" ? "secondary" : undefined}
            disabled={transition.isPending}
            onClick={async () => {
              const yes =
                to !== "CANCELLED" ||
                (await confirm({
                  title: `Cancel order #${o.number}?`,
                  body: "Its stock goes back on sale and the customer sees it cancelled. This cannot be undone.",
                  confirmLabel: "Cancel order",
                }));
              if (yes) transition.mutate({ id, to });
            }}
          >
            {actions[to]}
          </button>
        ))}
        {nextStatuses[o.status].length === 0 ? <p className="status">This order is {o.status.toLowerCase()}: nothing more to do.</p> : null}
      </div>
      <OrderLines lines={o.lines} currency={o.currency} productHref={(id) => `/admin/products/${id}`} />
      <h2>History</h2>
      <StatusTimeline steps={o.history.map((h) => ({ ...h, by: h.actorType === "API_KEY" ? "an API key" : h.actorType.toLowerCase() }))} />
    </section>
  );
}
