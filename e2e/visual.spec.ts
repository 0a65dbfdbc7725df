/**
 * Visual comparisons of the main frames and pages, in both themes, at desktop and phone widths. Baselines
 * are in e2e/visual.spec.ts-snapshots/ (Debian's Chromium, system fonts); after an intended change, rerun
 * with `npx playwright test e2e/visual.spec.ts --update-snapshots` and look at every image before committing.
 *
 * Only what the suites never change is compared: the sign-in page, and the seeded orders, whose times
 * (relative to when the database was seeded) and any toasts (stock alerts from other suites) are masked.
 */
import type { Page } from "@playwright/test";
import { expect, pageSettled, signIn, test } from "./fixtures";

const sizes = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;
const themes = ["light", "dark"] as const;

async function compare(page: Page, path: string, name: string) {
  for (const theme of themes) {
    await page.emulateMedia({ colorScheme: theme });
    for (const [size, viewport] of Object.entries(sizes)) {
      await page.setViewportSize(viewport);
      await page.goto(path);
      await pageSettled(page);
      await expect(page).toHaveScreenshot(`${name}-${theme}-${size}.png`, {
        fullPage: true,
        mask: [page.locator("time"), page.locator(".toasts")],
        maxDiffPixelRatio: 0.002,
      });
    }
  }
}

test.describe("visual comparisons", () => {
  test("sign-in page (storefront frame, guest)", async ({ page }) => {
    await compare(page, "/sign-in", "sign-in");
  });

  test("a customer's delivered order (storefront frame, badge, timeline)", async ({ page }) => {
    await signIn(page, "customer@stockroom.test");
    await compare(page, "/orders/seed-order-1", "customer-order");
  });

  test("a paid order in the back office (sidebar, actions, timeline)", async ({ page }) => {
    await signIn(page, "admin@stockroom.test");
    await compare(page, "/admin/orders/seed-order-3", "backoffice-order");
  });
});
