import { test as base, expect, type Page } from "@playwright/test";
import { seedProducts } from "../prisma/seed";

/** The seeded storefront catalog: what the pages must show. */
export const activeProducts = seedProducts()
  .filter((p) => p.active)
  .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

export const PAGE_SIZE = 12;

/** The catalog page, as a customer uses it. */
export class CatalogPage {
  constructor(readonly page: Page) {}
  readonly cards = () => this.page.getByRole("list", { name: "Products" }).getByRole("listitem");
  readonly names = () => this.page.getByRole("list", { name: "Products" }).getByRole("heading").allTextContents();
  readonly search = () => this.page.getByRole("searchbox", { name: "Search products" });
  readonly loadMore = () => this.page.getByRole("button", { name: "Load more" });
  async open() {
    await this.page.goto("/");
    await expect(this.cards()).toHaveCount(PAGE_SIZE);
  }
}

/**
 * Every test gets `catalog`, and fails if the page logs an error or asks any host but ours
 * (the app must work offline: no CDN fonts, scripts or analytics).
 */
export const test = base.extend<{ catalog: CatalogPage }>({
  catalog: async ({ page, baseURL }, use) => {
    const problems: string[] = [];
    const ours = new URL(baseURL!).host;
    page.on("console", (msg) => {
      // A failed response is reported (with its URL) by the response listener.
      if (msg.type() === "error" && !msg.text().startsWith("Failed to load resource")) problems.push(`console error: ${msg.text()}`);
    });
    page.on("response", (res) => {
      if (res.status() >= 400) problems.push(`${res.status()} for ${new URL(res.url()).pathname}`);
    });
    page.on("request", (req) => {
      const url = new URL(req.url());
      if (url.protocol.startsWith("http") && url.host !== ours) problems.push(`request to ${url.host}`);
    });
    await use(new CatalogPage(page));
    expect(problems).toEqual([]);
  },
});

export { expect };
