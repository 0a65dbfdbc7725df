import type { MetadataRoute } from "next";
import { getDatabase } from "@/server/db";
import { productsForSitemap } from "@/server/routers/storefront/sitemap";
import { siteOrigin } from "./site";

// Read at request time: the catalog changes while the server runs.
export const dynamic = "force-dynamic";

/** /sitemap.xml: the catalog page and every product on sale (up to the protocol's 50,000 URLs). */
export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  const origin = await siteOrigin();
  const products = await productsForSitemap(getDatabase().db);
  return [
    { url: `${origin}/`, changeFrequency: "daily", priority: 1 },
    ...products.map((p) => ({ url: `${origin}/products/${encodeURIComponent(p.id)}`, lastModified: p.updatedAt })),
  ];
}
