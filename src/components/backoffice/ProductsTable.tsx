"use client";

import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import Link from "next/link";
import { useState } from "react";
import { LiveStatus } from "@/components/LiveStatus";
import { exportHref } from "@/lib/export-href";
import { formatMoney } from "@/lib/money";
import { useTRPC } from "@/trpc/client";

type Status = "active" | "archived" | "all";
type Sort = "name" | "price" | "stock" | "updated";

/** What changes a product's row: its stock (sales and cancellations too) and its fields. */
const rowChanges = [
  "stock.adjusted",
  "order.created",
  "order.cancelled",
  "product.created",
  "product.updated",
  "product.archived",
] as const;

/** Every product for staff: filters, sorting, and keyset pages ("Load more"). Stock figures follow sales live. */
export function ProductsTable() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const live = useSubscription(
    trpc.events.live.subscriptionOptions(
      { types: [...rowChanges] },
      {
        // Read again once connected: a change between the list's read and the stream's start is not missed.
        onStarted: () => void queryClient.invalidateQueries({ queryKey: trpc.products.list.pathKey() }),
        onData: () => void queryClient.invalidateQueries({ queryKey: trpc.products.list.pathKey() }),
      },
    ),
  );
  const [search, setSearch] = useState("");
  const [status, setStatus] = useState<Status>("active");
  const [lowStock, setLowStock] = useState(false);
  const [sort, setSort] = useState<Sort>("name");
  const order = sort === "updated" ? "desc" : "asc";
  const products = useInfiniteQuery(
    trpc.products.list.infiniteQueryOptions(
      { limit: 25, search: search || undefined, status, lowStock, sort, order },
      { getNextPageParam: (page) => page.nextCursor },
    ),
  );
  const items = products.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <section aria-labelledby="products-heading">
      <div className="page-title">
        <h1 id="products-heading">Products</h1>
        <LiveStatus status={live.status} error={live.error} />
        <Link href="/admin/products/new" className="button-link">
          New product
        </Link>
        <Link href="/admin/products/import" className="button-link secondary">
          Import CSV
        </Link>
        <a
          href={exportHref("products.csv", { search: search || undefined, status, lowStock, sort, order })}
          download
          className="button-link secondary"
        >
          Export CSV
        </a>
      </div>
      <div className="filters">
        <label>
          Search
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Name or SKU" />
        </label>
        <label>
          Status
          <select value={status} onChange={(e) => setStatus(e.target.value as Status)}>
            <option value="active">On sale</option>
            <option value="archived">Archived</option>
            <option value="all">All</option>
          </select>
        </label>
        <label>
          Sort by
          <select value={sort} onChange={(e) => setSort(e.target.value as Sort)}>
            <option value="name">Name</option>
            <option value="price">Price</option>
            <option value="stock">Stock</option>
            <option value="updated">Last updated</option>
          </select>
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={lowStock} onChange={(e) => setLowStock(e.target.checked)} /> Low stock only
        </label>
      </div>
      {products.isPending ? <p className="status">Loading…</p> : null}
      {products.isError ? <p className="error">{products.error.message}</p> : null}
      {products.isSuccess && items.length === 0 ? <p className="status">No products match.</p> : null}
      {items.length ? (
        <table className="cart">
          <caption className="visually-hidden">Products</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">SKU</th>
              <th scope="col">Price</th>
              <th scope="col">Stock</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {items.map((p) => (
              <tr key={p.id}>
                <td>
                  <span className="product-cell">
                    {p.image ? (
                      <img className="table-thumb" src={p.image.urls.thumb} alt="" width={40} height={30} loading="lazy" />
                    ) : (
                      <span className="table-thumb placeholder" aria-hidden="true" />
                    )}
                    <Link href={`/admin/products/${p.id}`}>{p.name}</Link>
                  </span>
                </td>
                <td className="sku">{p.sku}</td>
                <td>{formatMoney(p.priceMinor, p.currency)}</td>
                <td>
                  {p.stock} {p.lowStock ? <span className="badge warn">low</span> : null}
                </td>
                <td>{p.active ? "On sale" : "Archived"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {products.hasNextPage ? (
        <button type="button" onClick={() => void products.fetchNextPage()} disabled={products.isFetchingNextPage}>
          Load more
        </button>
      ) : null}
    </section>
  );
}
