import type { MetadataRoute } from "next";
import { siteOrigin } from "./site";

export const dynamic = "force-dynamic";

/** /robots.txt: the storefront is for crawlers; the back office, accounts, carts and the API are not. */
export default async function robots(): Promise<MetadataRoute.Robots> {
  return {
    rules: { userAgent: "*", allow: "/", disallow: ["/admin", "/account", "/cart", "/orders", "/sign-in", "/sign-up", "/api/"] },
    sitemap: `${await siteOrigin()}/sitemap.xml`,
  };
}
