"use client";

import { useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useState } from "react";
import { LiveStatus } from "@/components/LiveStatus";
import { formatMoney } from "@/lib/money";
import { useTRPC } from "@/trpc/client";

// Browser only (see SalesChart); the box keeps its height while it loads, so nothing shifts.
const SalesChart = dynamic(() => import("./SalesChart"), { ssr: false });

/** What moves the dashboard's figures: orders placed, moved or cancelled, stock changed, products changed. */
const figureChanges = [
  "order.created",
  "order.status_changed",
  "order.cancelled",
  "stock.adjusted",
  "product.created",
  "product.archived",
] as const;

const statusLabel: Record<string, string> = {
  PENDING: "Pending",
  PAID: "Paid",
  FULFILLED: "Fulfilled",
  SHIPPED: "Shipped",
  DELIVERED: "Delivered",
  CANCELLED: "Cancelled",
};

/** The back office's overview: sales, orders by status, best sellers and stock, per currency; live. */
export function Dashboard() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.report.pathKey() });
  const live = useSubscription(
    trpc.events.live.subscriptionOptions({ types: [...figureChanges] }, { onStarted: refresh, onData: refresh }),
  );
  const { data: sales } = useSuspenseQuery(trpc.report.sales.queryOptions());
  const { data: statuses } = useSuspenseQuery(trpc.report.ordersByStatus.queryOptions());
  const { data: top } = useSuspenseQuery(trpc.report.topProducts.queryOptions());
  const { data: inventory } = useSuspenseQuery(trpc.report.inventory.queryOptions());

  const revenue30 = new Map(sales.totals.filter((t) => t.window === "30 days").map((t) => [t.currency, t.revenueMinor]));
  const currencies = [...new Set([...revenue30.keys(), ...inventory.currencies.map((c) => c.currency)])].sort(
    (a, b) => (revenue30.get(b) ?? 0) - (revenue30.get(a) ?? 0) || a.localeCompare(b),
  );
  const [chosen, setChosen] = useState<string | null>(null);
  const currency = chosen && currencies.includes(chosen) ? chosen : (currencies[0] ?? "EUR");
  const money = (minor: number) => formatMoney(minor, currency);
  const totals = sales.totals.filter((t) => t.currency === currency);
  const days = sales.days.filter((d) => d.currency === currency);
  const stock = inventory.currencies.find((c) => c.currency === currency);
  const byRevenue = top.byRevenue.filter((p) => p.currency === currency);
  const ordersInAll = statuses.reduce((sum, s) => sum + s.orders, 0);

  return (
    <section aria-labelledby="dashboard-heading" className="dashboard">
      <div className="page-title">
        <h1 id="dashboard-heading">Dashboard</h1>
        <LiveStatus status={live.status} error={live.error} />
        {currencies.length > 1 && (
          <label className="inline-field">
            Currency{" "}
            <select value={currency} onChange={(e) => setChosen(e.target.value)}>
              {currencies.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
          </label>
        )}
      </div>

      <section aria-labelledby="sales-heading">
        <h2 id="sales-heading">Sales in {currency}</h2>
        <p className="hint">Days are UTC days; cancelled orders are not counted.</p>
        <div className="stat-cards">
          {(["today", "7 days", "30 days"] as const).map((window) => {
            const t = totals.find((x) => x.window === window);
            return (
              <article key={window} className="stat-card" aria-labelledby={`sales-${window.replace(" ", "-")}`}>
                <h3 id={`sales-${window.replace(" ", "-")}`}>{window === "today" ? "Today" : `Last ${window}`}</h3>
                <dl>
                  <dt>Revenue</dt>
                  <dd data-testid={`revenue-${window}`}>{money(t?.revenueMinor ?? 0)}</dd>
                  <dt>Orders</dt>
                  <dd data-testid={`orders-${window}`}>{t?.orders ?? 0}</dd>
                  <dt>Average order</dt>
                  <dd data-testid={`average-${window}`}>{money(t?.averageOrderMinor ?? 0)}</dd>
                </dl>
              </article>
            );
          })}
        </div>
        <figure className="chart-figure">
          <figcaption id="sales-chart-caption">Revenue per day, last 30 days ({currency})</figcaption>
          <div className="chart" role="img" aria-labelledby="sales-chart-caption" aria-describedby="sales-table-summary">
            <SalesChart days={days} currency={currency} />
          </div>
          <details>
            <summary id="sales-table-summary">The same figures as a table</summary>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Day (UTC)</th>
                  <th scope="col">Orders</th>
                  <th scope="col">Revenue</th>
                </tr>
              </thead>
              <tbody>
                {days.map((d) => (
                  <tr key={d.day}>
                    <td>{d.day}</td>
                    <td>{d.orders}</td>
                    <td>{money(d.revenueMinor)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </figure>
      </section>

      <div className="columns">
        <section aria-labelledby="status-heading">
          <h2 id="status-heading">Orders by status</h2>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Status</th>
                <th scope="col">Orders</th>
                <th scope="col">
                  <span className="visually-hidden">Share</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {statuses.map((s) => (
                <tr key={s.status} data-testid={`status-${s.status}`}>
                  <th scope="row">{statusLabel[s.status] ?? s.status}</th>
                  <td>{s.orders}</td>
                  <td>
                    <meter min={0} max={Math.max(ordersInAll, 1)} value={s.orders} aria-label={`${statusLabel[s.status]} share`} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>

        <section aria-labelledby="inventory-heading">
          <h2 id="inventory-heading">Stock in {currency}</h2>
          {stock ? (
            <dl className="figures" data-testid="inventory">
              <dt>Products on sale</dt>
              <dd>{stock.products}</dd>
              <dt>Units in stock</dt>
              <dd>{stock.units}</dd>
              <dt>Value at selling price</dt>
              <dd data-testid="inventory-value">{money(stock.valueMinor)}</dd>
              <dt>Low stock</dt>
              <dd data-testid="inventory-low">{stock.lowStock}</dd>
              <dt>Out of stock</dt>
              <dd data-testid="inventory-out">{stock.outOfStock}</dd>
            </dl>
          ) : (
            <p>No products on sale in {currency}.</p>
          )}
          <h3>Needs stock (every currency)</h3>
          {inventory.needsStock.length ? (
            <ul className="needs-stock">
              {inventory.needsStock.map((p) => (
                <li key={p.id}>
                  <Link href={`/admin/products/${p.id}`}>{p.name}</Link> <span className="sku">{p.sku}</span>{" "}
                  <span className={p.stock === 0 ? "badge danger" : "badge warn"}>
                    {p.stock === 0 ? "out of stock" : `${p.stock} left`}
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <p>Every product is above its low-stock threshold.</p>
          )}
        </section>
      </div>

      <div className="columns">
        <TopProducts
          title="Best sellers by units (30 days)"
          id="top-units"
          rows={top.byUnits}
          money={(p) => formatMoney(p.revenueMinor, p.currency)}
        />
        <TopProducts
          title={`Best sellers by revenue in ${currency} (30 days)`}
          id="top-revenue"
          rows={byRevenue}
          money={(p) => money(p.revenueMinor)}
        />
      </div>
    </section>
  );
}

interface SoldProduct {
  productId: string;
  sku: string;
  name: string;
  currency: string;
  units: number;
  revenueMinor: number;
}

function TopProducts({ title, id, rows, money }: { title: string; id: string; rows: SoldProduct[]; money: (p: SoldProduct) => string }) {
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {rows.length ? (
        <table className="table" data-testid={id}>
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col">Units</th>
              <th scope="col">Revenue</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((p) => (
              <tr key={`${p.productId} ${p.currency}`}>
                <td>
                  <Link href={`/admin/products/${p.productId}`}>{p.name}</Link>
                </td>
                <td>{p.units}</td>
                <td>{money(p)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>No sales in the last 30 days yet.</p>
      )}
    </section>
  );
}
