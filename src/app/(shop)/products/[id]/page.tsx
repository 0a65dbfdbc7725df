import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { ProductDetails } from "@/components/ProductDetails";
import { minorToText } from "@/lib/money";
import { getViewer } from "@/server/auth/viewer";
import { getQueryClient, HydrateClient, trpc } from "@/trpc/server";
import { siteOrigin } from "@/app/site";

type Params = { params: Promise<{ id: string }> };

/**
 * The product on sale, or null when there is none by that id (or the id is not one): fetched once per request
 * into the request's query cache, which the metadata, the page and then the browser all read.
 */
const productOnSale = cache(async (id: string) => {
  try {
    return await getQueryClient().fetchQuery({ ...trpc.storefront.byId.queryOptions({ id }), retry: false });
  } catch (error) {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) return null;
    throw error;
  }
});

/** A description for search results and link previews: the product's own, else its name and price. */
function summary(product: NonNullable<Awaited<ReturnType<typeof productOnSale>>>): string {
  const text = product.description.trim() || `${product.name}, ${minorToText(product.priceMinor, product.currency)} ${product.currency}`;
  return text.length > 200 ? `${text.slice(0, 197)}…` : text;
}

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { id } = await params;
  const product = await productOnSale(id);
  if (!product) return { title: "Product not found", robots: { index: false } };
  const origin = await siteOrigin();
  const url = `${origin}/products/${encodeURIComponent(product.id)}`;
  const description = summary(product);
  const main = product.images[0];
  return {
    title: product.name,
    description,
    alternates: { canonical: url },
    openGraph: {
      type: "website",
      url,
      title: product.name,
      description,
      siteName: "Stockroom",
      ...(main ? { images: [{ url: `${origin}${main.urls.full}`, alt: main.alt, type: "image/webp" }] } : {}),
    },
  };
}

export default async function ProductPage({ params }: Params) {
  const { id } = await params;
  const product = await productOnSale(id);
  if (!product) notFound();
  const origin = await siteOrigin();
  const url = `${origin}/products/${encodeURIComponent(product.id)}`;
  // schema.org Product data for search engines. "<" is escaped so no product text can close the script.
  const structured = JSON.stringify({
    "@context": "https://schema.org",
    "@type": "Product",
    name: product.name,
    sku: product.sku,
    description: summary(product),
    url,
    ...(product.images.length ? { image: product.images.map((image) => `${origin}${image.urls.full}`) } : {}),
    offers: {
      "@type": "Offer",
      url,
      price: minorToText(product.priceMinor, product.currency),
      priceCurrency: product.currency,
      availability: product.stock > 0 ? "https://schema.org/InStock" : "https://schema.org/OutOfStock",
    },
  }).replace(/</g, "\\u003c");
  return (
    <HydrateClient>
      <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: structured }} />
      <ProductDetails id={id} signedIn={(await getViewer()) !== null} />
    </HydrateClient>
  );
}
