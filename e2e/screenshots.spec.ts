/**
 * `npm run screenshots`: the main screens as PNGs in docs/screenshots/ (shown in the README), taken from
 * the production build with the demo data. Rerun after a visible change and commit the images.
 */
import type { Page } from "@playwright/test";
import { pageSettled, signIn, staffApi, test } from "./fixtures";

const dir = "docs/screenshots";

/** The page's pictures in view have loaded (lazy ones further down are not waited for). */
async function picturesLoaded(page: Page) {
  await page.waitForFunction(() =>
    [...document.images].filter((img) => img.getBoundingClientRect().top < window.innerHeight).every((img) => img.complete),
  );
}

async function shoot(page: Page, path: string, file: string, width = 1280) {
  await page.setViewportSize({ width, height: 800 });
  await page.goto(path);
  await pageSettled(page);
  await picturesLoaded(page);
  await page.screenshot({ path: `${dir}/${file}.png`, fullPage: false });
}

/** The page a link leads to (ids differ between databases; names do not). */
async function shootLinked(page: Page, from: string, link: string, file: string, fullPage = false) {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(from);
  await page.getByRole("link", { name: link, exact: true }).first().click();
  await page.waitForURL((url) => url.pathname !== from);
  await pageSettled(page);
  await picturesLoaded(page);
  await page.screenshot({ path: `${dir}/${file}.png`, fullPage });
}

test("storefront screens", async ({ page }) => {
  await shoot(page, "/", "storefront-catalog");
  await shoot(page, "/", "storefront-catalog-phone", 390);
  await shootLinked(page, "/", "Canvas Tote Bag", "storefront-product");
  await signIn(page, "customer@stockroom.test");
  await shoot(page, "/orders/seed-order-1", "storefront-order");
  await page.emulateMedia({ colorScheme: "dark" });
  await shoot(page, "/", "storefront-catalog-dark");
});

test("back-office screens", async ({ page, browser }) => {
  // Some staff work, so that the audit log has entries to show.
  const staff = await staffApi(browser);
  const product = await staff.mutate<{ id: string }>("products.create", {
    sku: `SHOT-${Date.now()}`,
    name: "Linen Apron",
    priceMinor: 3200,
    lowStockThreshold: 4,
  });
  await staff.mutate("stock.adjust", { productId: product.id, reason: "RECEIVED", delta: 12, note: "First delivery" });
  await staff.mutate("products.update", { id: product.id, priceMinor: 2900 });
  await staff.close();
  await signIn(page, "admin@stockroom.test");
  await shoot(page, "/admin", "backoffice-dashboard");
  await shoot(page, "/admin/products", "backoffice-products");
  await shootLinked(page, "/admin/products", "Canvas Tote Bag", "backoffice-product", true);
  await shoot(page, "/admin/orders/seed-order-3", "backoffice-order");
  await shoot(page, "/admin/api-keys", "backoffice-api-keys");
  await page.emulateMedia({ colorScheme: "dark" });
  await shoot(page, "/admin", "backoffice-dashboard-dark");
  await shoot(page, "/admin/orders/seed-order-3", "backoffice-order-dark");
  await page.emulateMedia({ colorScheme: "light" });
  await shoot(page, "/admin/audit", "backoffice-audit");
  await shoot(page, "/api/docs", "api-docs");
});
