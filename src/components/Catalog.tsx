"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState } from "react";
import { formatMoney } from "@/lib/money";
import { useTRPC } from "@/trpc/client";
import { catalogListInput } from "./catalog-query";

/**
 * The storefront catalog: search by name or SKU, an in-stock filter, and "Load more" through keyset pages.
 * The search and filter live in the URL (`/?q=mug&inStock=1`), so a link shows the same list.
 */
export function Catalog({ initialSearch = "", initialInStock = false }: { initialSearch?: string; initialInStock?: boolean }) {
  const trpc = useTRPC();
  const [text, setText] = useState(initialSearch);
  const [search, setSearch] = useState(initialSearch);
  const [inStock, setInStock] = useState(initialInStock);

  // Search as the customer types, without a request per keystroke.
  useEffect(() => {
    const timer = setTimeout(() => setSearch(text.trim()), 250);
    return () => clearTimeout(timer);
  }, [text]);

  // Keep the URL in step. The history entry is replaced in place (typing should not fill the back button's
  // history), without asking the server to render the page again: the list below already fetches.
  useEffect(() => {
    const params = new URLSearchParams();
    if (search) params.set("q", search);
    if (inStock) params.set("inStock", "1");
    const query = params.toString();
    const url = query ? `/?${query}` : "/";
    if (`${window.location.pathname}${window.location.search}` !== url) window.history.replaceState(null, "", url);
  }, [search, inStock]);

  // On the first render this is the query the page prefetched on the server: no request, no loading state.
  const products = useInfiniteQuery(
    trpc.storefront.list.infiniteQueryOptions(catalogListInput(search, inStock), { getNextPageParam: (page) => page.nextCursor }),
  );
  const items = products.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <section aria-labelledby="catalog-heading">
      <h1 id="catalog-heading">Catalog</h1>
      <form className="search" role="search" onSubmit={(e) => (e.preventDefault(), setSearch(text.trim()))}>
        <label htmlFor="catalog-search" className="visually-hidden">
          Search products
        </label>
        <input
          id="catalog-search"
          type="search"
          placeholder="Search by name or SKU"
          value={text}
          maxLength={100}
          onChange={(e) => setText(e.target.value)}
        />
        <label className="checkbox">
          <input type="checkbox" checked={inStock} onChange={(e) => setInStock(e.target.checked)} /> In stock only
        </label>
      </form>

      {products.isPending && <p className="status">Loading products…</p>}
      {products.isError && (
        <p className="error" role="alert">
          Could not load products: {products.error.message}
        </p>
      )}
      {products.isSuccess && items.length === 0 && <p className="status">No products match “{search}”.</p>}

      <ul className="grid" aria-label="Products">
        {items.map((product) => (
          <li key={product.id}>
            <article className="card">
              {product.image ? (
                <img
                  className="card-image"
                  src={product.image.urls.card}
                  srcSet={`${product.image.urls.thumb} 160w, ${product.image.urls.card} 480w`}
                  sizes="(max-width: 600px) 50vw, 240px"
                  alt={product.image.alt}
                  width={product.image.width}
                  height={product.image.height}
                  loading="lazy"
                />
              ) : (
                <div className="card-image placeholder" aria-hidden="true" />
              )}
              <h2>
                <Link href={`/products/${product.id}`}>{product.name}</Link>
              </h2>
              <p className="sku">{product.sku}</p>
              <p className="price">{formatMoney(product.priceMinor, product.currency)}</p>
              {product.stock === 0 && <p className="stock-out">Out of stock</p>}
            </article>
          </li>
        ))}
      </ul>

      {products.hasNextPage && (
        <div className="more">
          <button type="button" onClick={() => products.fetchNextPage()} disabled={products.isFetchingNextPage}>
            {products.isFetchingNextPage ? "Loading…" : "Load more"}
          </button>
        </div>
      )}
    </section>
  );
}
