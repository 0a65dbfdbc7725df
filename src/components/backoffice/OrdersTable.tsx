"use client";

import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import Link from "next/link";
import { useState } from "react";
import type { OrderStatus } from "@/generated/prisma/enums";
import { LiveStatus } from "@/components/LiveStatus";
import { exportHref } from "@/lib/export-href";
import { formatMoney } from "@/lib/money";
import { OrderStatusBadge } from "../ui/OrderStatusBadge";
import { EmptyState } from "../ui/EmptyState";
import { FilterChips } from "../ui/FilterChips";
import { RowLink } from "../ui/RowLink";
import { TableSkeleton } from "../ui/TableSkeleton";
import { useTRPC } from "@/trpc/client";

const statuses: OrderStatus[] = ["PENDING", "PAID", "FULFILLED", "SHIPPED", "DELIVERED", "CANCELLED"];

/**
 * Every order for staff, newest first, filtered by status and placement date. Orders placed while the
 * list is open are counted in a "new orders" button rather than pushed into the table under the reader's
 * eyes; status changes refresh the rows in place.
 */
export function OrdersTable() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [fresh, setFresh] = useState<string[]>([]);
  const live = useSubscription(
    trpc.order.live.subscriptionOptions(
      {},
      {
        onData: ({ data }) => {
          if (data.kind === "created") setFresh((ids) => (ids.includes(data.orderId) ? ids : [...ids, data.orderId]));
          else void queryClient.invalidateQueries({ queryKey: trpc.order.list.pathKey() });
        },
      },
    ),
  );
  const showFresh = () => {
    setFresh([]);
    void queryClient.invalidateQueries({ queryKey: trpc.order.list.pathKey() });
  };
  const [status, setStatus] = useState<OrderStatus | "">("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [number, setNumber] = useState("");
  // "#1042" or "1042", as a customer quotes it; anything else is not a number and filters nothing.
  const wanted = /^#?\s*(\d{1,9})$/.exec(number.trim())?.[1];
  const filters = {
    number: wanted ? Number(wanted) : undefined,
    status: status || undefined,
    createdFrom: from ? new Date(`${from}T00:00:00`).toISOString() : undefined,
    createdTo: to ? new Date(new Date(`${to}T00:00:00`).getTime() + 86_400_000).toISOString() : undefined,
  };
  const orders = useInfiniteQuery(
    trpc.order.list.infiniteQueryOptions({ limit: 25, ...filters }, { getNextPageParam: (page) => page.nextCursor }),
  );
  const items = orders.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section aria-labelledby="orders-heading">
      <div className="page-title">
        <h1 id="orders-heading">Orders</h1>
        <LiveStatus status={live.status} error={live.error} />
        <a href={exportHref("orders.csv", filters)} download className="button-link secondary">
          Export CSV
        </a>
      </div>
      <p className="new-orders" aria-live="polite">
        {fresh.length ? (
          <button type="button" onClick={showFresh}>
            {fresh.length} new {fresh.length === 1 ? "order" : "orders"}: show
          </button>
        ) : null}
      </p>
      <div className="filters">
        <label>
          Order number
          <input type="search" inputMode="numeric" placeholder="#1042" value={number} onChange={(e) => setNumber(e.target.value)} />
        </label>
        <label>
          Status
          <select value={status} onChange={(e) => setStatus(e.target.value as OrderStatus | "")}>
            <option value="">Any</option>
            {statuses.map((s) => (
              <option key={s} value={s}>
                {s.toLowerCase()}
              </option>
            ))}
          </select>
        </label>
        <label>
          Placed from
          <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          Placed until
          <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
      </div>
      <FilterChips
        filters={[
          ...(number ? [{ label: `Number: ${number}`, clear: () => setNumber("") }] : []),
          ...(status ? [{ label: `Status: ${status.toLowerCase()}`, clear: () => setStatus("") }] : []),
          ...(from ? [{ label: `From ${from}`, clear: () => setFrom("") }] : []),
          ...(to ? [{ label: `Until ${to}`, clear: () => setTo("") }] : []),
        ]}
      />
      {orders.isPending ? <TableSkeleton columns={5} /> : null}
      {orders.isError ? <p className="error">{orders.error.message}</p> : null}
      {orders.isSuccess && items.length === 0 ? (
        number || status || from || to ? (
          <EmptyState title="No orders match">Clear a filter above to see more.</EmptyState>
        ) : (
          <EmptyState title="No orders yet">Orders appear here as customers and integrators place them, live.</EmptyState>
        )
      ) : null}
      {items.length ? (
        <table className="cart sticky-head">
          <caption className="visually-hidden">Orders</caption>
          <thead>
            <tr>
              <th scope="col">Order</th>
              <th scope="col">Customer</th>
              <th scope="col">Placed</th>
              <th scope="col">Total</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {items.map((o) => (
              <RowLink key={o.id} href={`/admin/orders/${o.id}`}>
                <td>
                  <Link href={`/admin/orders/${o.id}`}>#{o.number}</Link>
                </td>
                <td>{o.customer.name || o.customer.email}</td>
                <td>{o.createdAt.toLocaleString("en-IE", { dateStyle: "medium", timeStyle: "short" })}</td>
                <td>{formatMoney(o.totalMinor, o.currency)}</td>
                <td>
                  <OrderStatusBadge status={o.status} />
                </td>
              </RowLink>
            ))}
          </tbody>
        </table>
      ) : null}
      {orders.hasNextPage ? (
        <button type="button" onClick={() => void orders.fetchNextPage()} disabled={orders.isFetchingNextPage}>
          Load more
        </button>
      ) : null}
    </section>
  );
}
