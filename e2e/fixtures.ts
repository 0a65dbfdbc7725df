import { test as base, expect, type Browser, type Page } from "@playwright/test";
import { DEMO_PASSWORD, seedProducts } from "../prisma/seed";

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

/** Collects what must not happen on a page; a test may allow the failures it provokes on purpose. */
export class ProblemWatch {
  readonly problems: string[] = [];
  private readonly allowed: RegExp[] = [];
  allow(pattern: RegExp) {
    this.allowed.push(pattern);
  }
  report(problem: string) {
    this.problems.push(problem);
  }
  unexpected() {
    return this.problems.filter((p) => !this.allowed.some((pattern) => pattern.test(p)));
  }
}

/**
 * Every test fails if its page logs an error, gets an error response it did not provoke, or asks any host
 * but ours (the app must work offline: no CDN fonts, scripts or analytics). `catalog` is the storefront.
 */
export const test = base.extend<{ watch: ProblemWatch; catalog: CatalogPage }>({
  watch: [
    async ({ page, baseURL }, use) => {
      const watch = new ProblemWatch();
      const ours = new URL(baseURL!).host;
      page.on("console", (msg) => {
        // A failed response is reported (with its URL) by the response listener.
        if (msg.type() === "error" && !msg.text().startsWith("Failed to load resource")) watch.report(`console error: ${msg.text()}`);
      });
      page.on("response", (res) => {
        if (res.status() >= 400) watch.report(`${res.status()} for ${new URL(res.url()).pathname}`);
      });
      page.on("request", (req) => {
        const url = new URL(req.url());
        if (url.protocol.startsWith("http") && url.host !== ours) watch.report(`request to ${url.host}`);
      });
      await use(watch);
      expect(watch.unexpected()).toEqual([]);
    },
    { auto: true },
  ],
  catalog: async ({ page }, use) => {
    await use(new CatalogPage(page));
  },
});

/** An email no other test (or earlier run on the same database) uses. */
export function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now()}-${Math.random().toString(36).slice(2, 7)}@e2e.test`;
}

/** Signs in through the sign-in page, as a person would, and waits until the header shows it. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("account-link")).toBeVisible();
}

/** Signs out from the storefront's account menu. */
export async function signOut(page: Page) {
  await page.getByTestId("account-link").click();
  await page.getByRole("button", { name: "Sign out" }).click();
}

/**
 * Opens a back-office section as staff reach it: from the storefront through the account menu's "Back
 * office", then the sidebar's link; returns when that section's page is shown.
 */
export async function openBackOffice(page: Page, section: string) {
  const sidebar = page.getByRole("navigation", { name: "Back office" });
  if (!(await sidebar.isVisible())) {
    await page.getByTestId("account-link").click();
    await page.getByRole("link", { name: "Back office", exact: true }).click();
  }
  const link = sidebar.getByRole("link", { name: section, exact: true });
  await link.click();
  // The sidebar marks the section once its page is the one shown.
  await expect(link).toHaveAttribute("aria-current", "page");
}

/** Signs up through the sign-up page as "Pat Playwright" and waits until signed in. */
export async function signUp(page: Page, email: string, password = "correct horse battery") {
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("Pat Playwright");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByTestId("account-link")).toContainText("Pat Playwright");
}

/**
 * The seeded staff user's tRPC API in its own browser context (signed in through the page), for setting
 * up data a test needs: `await staff.mutate("products.create", {...})`.
 */
export async function staffApi(browser: Browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, "staff@stockroom.test");
  return {
    async mutate<T = unknown>(path: string, input: unknown): Promise<T> {
      const res = await context.request.post(`/api/trpc/${path}`, { data: { json: input } });
      expect(res.ok(), `${path}: ${res.status()} ${await res.text()}`).toBe(true);
      return ((await res.json()) as { result: { data: { json: T } } }).result.data.json;
    },
    /** A query without input (`await staff.query("report.sales")`). */
    async query<T = unknown>(path: string): Promise<T> {
      const res = await context.request.get(`/api/trpc/${path}`);
      expect(res.ok(), `${path}: ${res.status()} ${await res.text()}`).toBe(true);
      return ((await res.json()) as { result: { data: { json: T } } }).result.data.json;
    },
    close: () => context.close(),
  };
}

/**
 * Waits for what a person waits for: the page's heading is shown and nothing says "Loading…" any more
 * (every list and detail view shows a `p.status` "Loading…" line until its data is there).
 */
export async function pageSettled(page: Page) {
  await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
  await expect(page.locator("p.status", { hasText: /^Loading/ })).toHaveCount(0);
}

export { expect };
