"use client";

import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import Link from "next/link";
import { LiveStatus } from "@/components/LiveStatus";
import { useToast } from "@/components/Toaster";
import { formatMoney } from "@/lib/money";
import { OrderStatusBadge } from "../ui/OrderStatusBadge";
import { useTRPC } from "@/trpc/client";

/** "My orders": newest first, with a "Load more" for older ones; statuses follow staff's changes live. */
export function OrderList() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const live = useSubscription(
    trpc.order.live.subscriptionOptions(
      {},
      {
        // Read again once connected: a change between the page's read and the stream's start is not missed.
        onStarted: () => void queryClient.invalidateQueries({ queryKey: trpc.order.list.pathKey() }),
        onData: ({ data }) => {
          void queryClient.invalidateQueries({ queryKey: trpc.order.list.pathKey() });
          if (data.kind === "status_changed") toast("success", `An order is now ${data.status.toLowerCase()}`);
        },
      },
    ),
  );
  const orders = useInfiniteQuery(trpc.order.list.infiniteQueryOptions({ limit: 20 }, { getNextPageParam: (page) => page.nextCursor }));
  const items = orders.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section aria-labelledby="orders-heading">
      <h1 id="orders-heading">Your orders</h1>
      <LiveStatus status={live.status} error={live.error} />
      {orders.isPending ? <p className="status">Loading…</p> : null}
      {orders.isError ? <p className="error">{orders.error.message}</p> : null}
      {orders.isSuccess && items.length === 0 ? (
        <p className="status">
          No orders yet. <Link href="/">Browse the catalog</Link>
        </p>
      ) : null}
      <ul className="orders" aria-label="Orders">
        {items.map((order) => (
          <li key={order.id}>
            <Link href={`/orders/${order.id}`}>
              Order #{order.number}, placed {order.createdAt.toLocaleDateString("en-IE", { dateStyle: "medium" })}
            </Link>{" "}
            <OrderStatusBadge status={order.status} /> <span>{formatMoney(order.totalMinor, order.currency)}</span> ·{" "}
            {order.lines.reduce((n, l) => n + l.quantity, 0)} item(s)
          </li>
        ))}
      </ul>
      {orders.hasNextPage ? (
        <button type="button" onClick={() => void orders.fetchNextPage()} disabled={orders.isFetchingNextPage}>
          Load more
        </button>
      ) : null}
    </section>
  );
}
