import type { DbClient } from "../../db";

/** The sitemap protocol's limit of URLs in one file. */
export const SITEMAP_MAX_URLS = 50_000;

/**
 * The products on sale for /sitemap.xml (src/app/sitemap.ts): ids and when each last changed, by id (the
 * primary key's order: no sort). Not a procedure: a public call returning the whole catalog would be an
 * easy way to load the database, and the sitemap is one response that crawlers fetch now and then.
 */
export function productsForSitemap(db: DbClient, limit = SITEMAP_MAX_URLS - 1): Promise<{ id: string; updatedAt: Date }[]> {
  return db.product.findMany({ where: { active: true }, select: { id: true, updatedAt: true }, orderBy: { id: "asc" }, take: limit });
}
