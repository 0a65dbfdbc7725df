"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import type { ProductImageOutput } from "@/server/routers/products/image.output";
import { formatMoney } from "@/lib/money";
import { useTRPC } from "@/trpc/client";
import { AddToCart } from "./shop/AddToCart";

/** A product page; signed-in people can put it in their cart. */
export function ProductDetails({ id, signedIn }: { id: string; signedIn: boolean }) {
  const trpc = useTRPC();
  const product = useQuery({ ...trpc.storefront.byId.queryOptions({ id }), retry: false });

  if (product.isPending) return <p className="status">Loading…</p>;
  if (product.isError) {
    const notFound = product.error.data?.code === "NOT_FOUND";
    return (
      <section>
        <h1>{notFound ? "Product not found" : "Something went wrong"}</h1>
        <p className={notFound ? "status" : "error"}>{notFound ? "It may have been removed from the catalog." : product.error.message}</p>
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
      <div className={p.images.length ? "product-layout" : undefined}>
        {p.images.length ? <Gallery images={p.images} /> : null}
        <div>
          <h1>{p.name}</h1>
          <p className="sku">SKU {p.sku}</p>
          <p className="price">{formatMoney(p.priceMinor, p.currency)}</p>
          <p>{p.description}</p>
          <p className={p.stock === 0 ? "stock-out" : "status"}>{p.stock === 0 ? "Out of stock" : `${p.stock} in stock`}</p>
          {p.stock > 0 && signedIn ? <AddToCart productId={p.id} stock={p.stock} /> : null}
          {p.stock > 0 && !signedIn ? (
            <p>
              <Link href={`/sign-in?callbackUrl=${encodeURIComponent(`/products/${p.id}`)}`}>Sign in to buy</Link>
            </p>
          ) : null}
        </div>
      </div>
    </article>
  );
}

/** The product's pictures: the chosen one large, every one as a thumbnail button to choose it. */
function Gallery({ images }: { images: ProductImageOutput[] }) {
  const [shown, setShown] = useState(0);
  const image = images[Math.min(shown, images.length - 1)]!;
  return (
    <div className="gallery">
      <img
        className="gallery-main"
        src={image.urls.full}
        srcSet={`${image.urls.card} 480w, ${image.urls.full} 1200w`}
        sizes="(max-width: 700px) 100vw, 600px"
        alt={image.alt}
        width={image.width}
        height={image.height}
        fetchPriority="high"
      />
      {images.length > 1 ? (
        <ul className="gallery-thumbs" aria-label="More pictures">
          {images.map((thumb, index) => (
            <li key={thumb.id}>
              <button
                type="button"
                aria-pressed={index === shown}
                aria-label={`Show picture ${index + 1}: ${thumb.alt}`}
                onClick={() => setShown(index)}
              >
                <img src={thumb.urls.thumb} alt="" width={64} height={Math.round((64 * thumb.height) / thumb.width)} />
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
