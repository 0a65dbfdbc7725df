"use client";

import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import Link from "next/link";
import { useState } from "react";
import { LiveStatus } from "@/components/LiveStatus";
import { exportHref } from "@/lib/export-href";
import { formatMoney } from "@/lib/money";
import { useTRPC } from "@/trpc/client";
import { useToast } from "@/components/Toaster";
import { useConfirm } from "../ui/ConfirmDialog";
import { EmptyState } from "../ui/EmptyState";
import { FilterChips } from "../ui/FilterChips";
import { RowLink } from "../ui/RowLink";
import { SortableHeader, type SortOrder } from "../ui/SortableHeader";
import { TableSkeleton } from "../ui/TableSkeleton";

type Status = "active" | "archived" | "all";
type Sort = "name" | "price" | "stock" | "updated";

/** "1 product", "3 products". */
const productCount = (n: number) => `${n} ${n === 1 ? "product" : "products"}`;

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
  const [{ sort, order }, setSorting] = useState<{ sort: Sort; order: SortOrder }>({ sort: "name", order: "asc" });
  const onSort = (column: Sort, next: SortOrder) => setSorting({ sort: column, order: next });
  const filtered = Boolean(search) || status !== "active" || lowStock;
  const products = useInfiniteQuery(
    trpc.products.list.infiniteQueryOptions(
      { limit: 25, search: search || undefined, status, lowStock, sort, order },
      { getNextPageParam: (page) => page.nextCursor },
    ),
  );
  const items = products.data?.pages.flatMap((page) => page.items) ?? [];
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const shownSelected = items.filter((p) => selected.has(p.id));
  const toast = useToast();
  const [confirmDialog, confirm] = useConfirm();
  const archiveMany = useMutation(
    trpc.products.archiveMany.mutationOptions({
      onError: (error) => toast("error", error.message),
      onSuccess: ({ products: archived }) => {
        toast("success", `Archived ${productCount(archived.length)}.`);
        setSelected(new Set());
        void queryClient.invalidateQueries({ queryKey: trpc.products.list.pathKey() });
      },
    }),
  );

  return (
    <section aria-labelledby="products-heading">
      {confirmDialog}
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
        <label className="checkbox">
          <input type="checkbox" checked={lowStock} onChange={(e) => setLowStock(e.target.checked)} /> Low stock only
        </label>
      </div>
      <FilterChips
        filters={[
          ...(search ? [{ label: `Search: ${search}`, clear: () => setSearch("") }] : []),
          ...(status !== "active"
            ? [{ label: status === "archived" ? "Archived" : "On sale and archived", clear: () => setStatus("active") }]
            : []),
          ...(lowStock ? [{ label: "Low stock only", clear: () => setLowStock(false) }] : []),
        ]}
      />
      {products.isPending ? <TableSkeleton columns={6} /> : null}
      {products.isError ? <p className="error">{products.error.message}</p> : null}
      {products.isSuccess && items.length === 0 ? (
        filtered ? (
          <EmptyState title="No products match">Clear the search or change the filters to see more.</EmptyState>
        ) : (
          <EmptyState
            title="No products yet"
            action={
              <Link href="/admin/products/new" className="button-link">
                New product
              </Link>
            }
          >
            Add the first one, or bring a spreadsheet in with Import CSV.
          </EmptyState>
        )
      ) : null}
      {shownSelected.length ? (
        <div
          role="region"
          aria-label="Selected products"
          className="mb-3 flex flex-wrap items-center gap-3 rounded-lg bg-accent-soft px-3 py-2"
        >
          <span>{shownSelected.length} selected</span>
          <button
            type="button"
            className="small danger"
            disabled={archiveMany.isPending}
            onClick={async () => {
              const ids = shownSelected.map((p) => p.id);
              const yes = await confirm({
                title: `Archive ${productCount(ids.length)}?`,
                body: "They leave the storefront and can no longer be bought. Orders already placed keep them; each can be put back on sale.",
                confirmLabel: "Archive",
              });
              if (yes) archiveMany.mutate({ ids });
            }}
          >
            Archive selected
          </button>
          <button type="button" className="small secondary" onClick={() => setSelected(new Set())}>
            Clear selection
          </button>
        </div>
      ) : null}
      {items.length ? (
        <table className="cart sticky-head">
          <caption className="visually-hidden">Products</caption>
          <thead>
            <tr>
              <th scope="col" className="w-10">
                <input
                  type="checkbox"
                  aria-label="Select all shown"
                  checked={shownSelected.length === items.length}
                  onChange={(e) => setSelected(e.target.checked ? new Set(items.map((p) => p.id)) : new Set())}
                />
              </th>
              <SortableHeader label="Name" column="name" sort={sort} order={order} onSort={onSort} />
              <th scope="col">SKU</th>
              <SortableHeader label="Price" column="price" sort={sort} order={order} onSort={onSort} />
              <SortableHeader label="Stock" column="stock" sort={sort} order={order} onSort={onSort} />
              <th scope="col">Status</th>
              <SortableHeader label="Updated" column="updated" sort={sort} order={order} firstOrder="desc" onSort={onSort} />
            </tr>
          </thead>
          <tbody>
            {items.map((p) => (
              <RowLink key={p.id} href={`/admin/products/${p.id}`}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Select ${p.name}`}
                    checked={selected.has(p.id)}
                    onChange={(e) => toggle(p.id, e.target.checked)}
                  />
                </td>
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
                <td>
                  <time dateTime={p.updatedAt.toISOString()}>{p.updatedAt.toLocaleDateString("en-IE", { dateStyle: "medium" })}</time>
                </td>
              </RowLink>
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
