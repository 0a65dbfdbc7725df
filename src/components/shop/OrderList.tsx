"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { formatMoney } from "@/lib/money";
import { useTRPC } from "@/trpc/client";

/** "My orders": newest first, with a "Load more" for older ones. */
export function OrderList() {
  const trpc = useTRPC();
  const orders = useInfiniteQuery(trpc.order.list.infiniteQueryOptions({ limit: 20 }, { getNextPageParam: (page) => page.nextCursor }));
  const items = orders.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section aria-labelledby="orders-heading">
      <h1 id="orders-heading">Your orders</h1>
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
            <Link href={`/orders/${order.id}`}>Order placed {order.createdAt.toLocaleDateString("en-IE", { dateStyle: "medium" })}</Link>{" "}
            <span className={`order-status status-${order.status.toLowerCase()}`}>{order.status.toLowerCase()}</span>{" "}
            <span>{formatMoney(order.totalMinor, order.currency)}</span> · {order.lines.reduce((n, l) => n + l.quantity, 0)} item(s)
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
