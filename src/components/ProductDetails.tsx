"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { formatMoney } from "@/lib/money";
import { useTRPC } from "@/trpc/client";

export function ProductDetails({ id }: { id: string }) {
  const trpc = useTRPC();
  const product = useQuery({ ...trpc.product.byId.queryOptions({ id }), retry: false });

  if (product.isPending) return <p className="status">Loading…</p>;
  if (product.isError) {
    const notFound = product.error.data?.code === "NOT_FOUND";
    return (
      <section>
        <h1>{notFound ? "Product not found" : "Something went wrong"}</h1>
        <p className={notFound ? "status" : "error"}>
          {notFound ? "It may have been removed from the catalog." : product.error.message}
        </p>
        <Link href="/">Back to the catalog</Link>
      </section>
    );
  }
  const p = product.data;
  return (
    <article>
      <p>
        <Link href="/">← Catalog</Link>
      </p>
      <h1>{p.name}</h1>
      <p className="sku">SKU {p.sku}</p>
      <p className="price">{formatMoney(p.priceMinor, p.currency)}</p>
      <p>{p.description}</p>
      <p className={p.stock === 0 ? "stock-out" : "status"}>{p.stock === 0 ? "Out of stock" : `${p.stock} in stock`}</p>
    </article>
  );
}
