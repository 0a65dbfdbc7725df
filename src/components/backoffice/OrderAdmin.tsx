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
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_18rem]">
        <div className="min-w-0">
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
            {nextStatuses[o.status].length === 0 ? (
              <p className="status">This order is {o.status.toLowerCase()}: nothing more to do.</p>
            ) : null}
          </div>
          <OrderLines lines={o.lines} currency={o.currency} productHref={(id) => `/admin/products/${id}`} />
          <h2>History</h2>
          <StatusTimeline
            steps={o.history.map((h) => ({ ...h, by: h.actorType === "API_KEY" ? "an API key" : h.actorType.toLowerCase() }))}
          />
        </div>
        <aside className="flex flex-col gap-4 lg:row-start-1 lg:col-start-2">
          <section aria-labelledby="summary-heading" className="rounded-lg border border-line bg-surface p-4">
            <h2 id="summary-heading" className="mt-0 text-base">
              Summary
            </h2>
            <p>
              Status: <OrderStatusBadge status={o.status} />
            </p>
            <dl className="figures">
              <dt>Placed</dt>
              <dd>
                <time dateTime={o.createdAt.toISOString()}>
                  {o.createdAt.toLocaleString("en-IE", { dateStyle: "medium", timeStyle: "short" })}
                </time>
              </dd>
              <dt>Items</dt>
              <dd>{o.lines.reduce((n, l) => n + l.quantity, 0)}</dd>
              <dt>Subtotal</dt>
              <dd>{formatMoney(o.subtotalMinor, o.currency)}</dd>
              <dt>Total</dt>
              <dd className="font-semibold">{formatMoney(o.totalMinor, o.currency)}</dd>
            </dl>
          </section>
          <section aria-labelledby="customer-heading" className="rounded-lg border border-line bg-surface p-4">
            <h2 id="customer-heading" className="mt-0 text-base">
              Customer
            </h2>
            <p className="m-0 font-semibold">{o.customer.name}</p>
            <p className="mb-0">
              <a href={`mailto:${o.customer.email}`}>{o.customer.email}</a>
            </p>
          </section>
        </aside>
      </div>
    </section>
  );
}
