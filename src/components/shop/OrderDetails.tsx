"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import Link from "next/link";
import { formatMoney } from "@/lib/money";
import { LiveStatus } from "@/components/LiveStatus";
import { OrderLines } from "@/components/OrderLines";
import { useToast } from "@/components/Toaster";
import { OrderStatusBadge } from "../ui/OrderStatusBadge";
import { StatusTimeline } from "../ui/StatusTimeline";
import { useConfirm } from "../ui/ConfirmDialog";
import { useTRPC } from "@/trpc/client";

/**
 * One order: its lines as sold, totals, status history; a pending order can be cancelled by its customer.
 * Live: when staff move the order, the status and history update in place and a toast says so.
 */
export function OrderDetails({ id, justPlaced }: { id: string; justPlaced: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const order = useQuery({ ...trpc.order.byId.queryOptions({ id }), retry: false });
  const live = useSubscription(
    trpc.order.live.subscriptionOptions(
      { orderId: id },
      {
        enabled: order.isSuccess,
        // Read again once connected: a change between the page's read and the stream's start is not missed.
        onStarted: () => void queryClient.invalidateQueries({ queryKey: trpc.order.byId.queryKey({ id }) }),
        onData: ({ data }) => {
          if (data.kind !== "status_changed") return;
          void queryClient.invalidateQueries({ queryKey: trpc.order.byId.queryKey({ id }) });
          void queryClient.invalidateQueries({ queryKey: trpc.order.list.pathKey() });
          toast("success", `Order ${id} is now ${data.status.toLowerCase()}`);
        },
      },
    ),
  );
  const [confirmDialog, confirm] = useConfirm();
  const cancel = useMutation(
    trpc.order.transition.mutationOptions({
      onSuccess: (updated) => {
        queryClient.setQueryData(trpc.order.byId.queryKey({ id }), updated);
        void queryClient.invalidateQueries({ queryKey: trpc.order.list.pathKey() });
      },
    }),
  );

  if (order.isPending) return <p className="status">Loading…</p>;
  if (order.isError) {
    return (
      <section>
        <h1>Order not found</h1>
        <p className="status">{order.error.message}</p>
        <Link href="/orders">Your orders</Link>
      </section>
    );
  }
  const o = order.data;
  return (
    <article aria-labelledby="order-heading">
      {confirmDialog}
      <p>
        <Link href="/orders">← Your orders</Link>
      </p>
      {justPlaced ? (
        <p role="status" className="notice">
          Thank you: your order is placed.
        </p>
      ) : null}
      <h1 id="order-heading">Order #{o.number}</h1>
      <LiveStatus status={live.status} error={live.error} />
      <p>
        Status: <OrderStatusBadge status={o.status} />
      </p>
      <OrderLines lines={o.lines} currency={o.currency} />
      <p className="total">
        Total: <strong>{formatMoney(o.totalMinor, o.currency)}</strong>
      </p>
      <h2>History</h2>
      <StatusTimeline steps={o.history} />
      {o.status === "PENDING" ? (
        <button
          type="button"
          disabled={cancel.isPending}
          onClick={async () => {
            const yes = await confirm({
              title: `Cancel order #${o.number}?`,
              body: "The order is called off and nothing is sent. This cannot be undone; you can order again.",
              confirmLabel: "Cancel order",
            });
            if (yes) cancel.mutate({ id: o.id, to: "CANCELLED" });
          }}
        >
          {cancel.isPending ? "Cancelling…" : "Cancel order"}
        </button>
      ) : null}
      {cancel.isError ? (
        <p role="alert" className="error">
          {cancel.error.message}
        </p>
      ) : null}
    </article>
  );
}
