/**
 * The storefront is rendered on the server with its data: a guest without JavaScript (or a crawler, or a link
 * preview) sees the products, the browser takes the same data over without asking for it again, and product
 * pages describe themselves to search engines (title, description, Open Graph, JSON-LD, sitemap).
 */
import { activeProducts, expect, PAGE_SIZE, test } from "./fixtures";

const first = activeProducts[0]!;
const euro = (minor: number) => `€${(minor / 100).toFixed(2)}`;

/** The product's id, as the API gives it (ids are generated when the database is seeded). */
async function productId(request: import("@playwright/test").APIRequestContext, sku: string): Promise<string> {
  const answer = await request.get(`/api/v1/storefront/products?search=${encodeURIComponent(sku)}&limit=1`);
  const body = (await answer.json()) as { data: { id: string; sku: string }[] };
  const found = body.data.find((p) => p.sku === sku);
  if (!found) throw new Error(`no product ${sku}`);
  return found.id;
}

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a guest sees the first page of the catalog with names and prices, filtered by the URL", async ({ page }) => {
    await page.goto("/");
    const cards = page.getByRole("list", { name: "Products" }).getByRole("listitem");
    await expect(cards).toHaveCount(PAGE_SIZE);
    await expect(cards.first()).toContainText(first.name);
    await expect(cards.first()).toContainText(euro(first.priceMinor));
    await expect(page.getByText("Loading products")).toHaveCount(0);

    await page.goto("/?q=candle&inStock=1");
    const candles = activeProducts.filter((p) => p.name.includes("Candle") && p.stock > 0).map((p) => p.name);
    const names = await page.getByRole("list", { name: "Products" }).getByRole("heading").allTextContents();
    expect(names.filter((n) => candles.includes(n))).toEqual(candles);
    expect(names.every((n) => /candle/i.test(n))).toBe(true);
    await expect(page.getByRole("searchbox", { name: "Search products" })).toHaveValue("candle");
  });

  test("a product page shows the product, and an unknown one is a 404", async ({ page, request, watch }) => {
    watch.allow(/404 for \/products\/no-such-product/);
    const id = await productId(request, first.sku);
    await page.goto(`/products/${id}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(first.name);
    await expect(page.getByText(euro(first.priceMinor))).toBeVisible();
    await expect(page).toHaveTitle(`${first.name} · Stockroom`);
    // A 404 for crawlers and link checkers. Its page is drawn in the browser: Next.js does not render a
    // notFound() body on the server (vercel/next.js#62228), so without JavaScript only the status tells.
    const missing = await page.goto("/products/no-such-product");
    expect(missing?.status()).toBe(404);
  });
});

test.describe("with JavaScript", () => {
  test("the browser does not fetch the first page again, and the catalog stays interactive", async ({ catalog, page }) => {
    const listCalls: string[] = [];
    page.on("request", (r) => {
      if (r.url().includes("/api/trpc/") && r.url().includes("storefront.list")) listCalls.push(r.url());
    });
    await page.goto("/", { waitUntil: "networkidle" });
    await expect(catalog.cards()).toHaveCount(PAGE_SIZE);
    // Hydrated: the search box answers typing (React owns it), and still no request for the first page.
    await catalog.search().fill("candle");
    await expect(page).toHaveURL(/\/\?q=candle$/);
    await expect(catalog.cards().first()).toContainText("Candle");
    expect(listCalls.filter((url) => !url.includes("candle"))).toEqual([]);
    expect(listCalls.length).toBeGreaterThan(0);
    // Back to the full list and page on: "Load more" fetches the next page.
    await catalog.search().fill("");
    await expect(catalog.cards()).toHaveCount(PAGE_SIZE);
    await catalog.loadMore().click();
    await expect(catalog.cards()).not.toHaveCount(PAGE_SIZE);
  });

  test("a product page carries its title, description, Open Graph tags and JSON-LD Product data", async ({ page, request }) => {
    const product = activeProducts.find((p) => p.stock > 0)!;
    const id = await productId(request, product.sku);
    const trpcCalls: string[] = [];
    page.on("request", (r) => {
      if (r.url().includes("/api/trpc/storefront.byId")) trpcCalls.push(r.url());
    });
    await page.goto(`/products/${id}`, { waitUntil: "networkidle" });
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(product.name);
    expect(trpcCalls).toEqual([]);
    await expect(page).toHaveTitle(`${product.name} · Stockroom`);
    await expect(page.locator('meta[name="description"]')).toHaveAttribute("content", product.description);
    await expect(page.locator('meta[property="og:title"]')).toHaveAttribute("content", product.name);
    await expect(page.locator('meta[property="og:url"]')).toHaveAttribute("content", new RegExp(`/products/${id}$`));
    await expect(page.locator('link[rel="canonical"]')).toHaveAttribute("href", new RegExp(`/products/${id}$`));
    const data = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent())!) as Record<string, unknown>;
    expect(data).toMatchObject({
      "@context": "https://schema.org",
      "@type": "Product",
      name: product.name,
      sku: product.sku,
      offers: {
        "@type": "Offer",
        price: (product.priceMinor / 100).toFixed(2),
        priceCurrency: "EUR",
        availability: "https://schema.org/InStock",
      },
    });
  });

  test("/sitemap.xml lists the products on sale and /robots.txt points to it", async ({ request }) => {
    const sitemap = await (await request.get("/sitemap.xml")).text();
    const listed = await productId(request, activeProducts[1]!.sku);
    expect(sitemap).toContain(`/products/${listed}</loc>`);
    const locations = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!);
    expect(locations.length).toBeGreaterThanOrEqual(activeProducts.length + 1);
    const robots = await (await request.get("/robots.txt")).text();
    expect(robots).toMatch(/^Sitemap: http.*\/sitemap\.xml$/m);
    expect(robots).toContain("Disallow: /admin");
  });
});
