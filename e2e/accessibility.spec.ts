/** The main pages pass axe with no serious or critical violations (WCAG 2.x A/AA rules). */
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { activeProducts, expect, pageSettled, signIn, test } from "./fixtures";

async function expectAccessible(page: Page, path: string) {
  await page.goto(path);
  await pageSettled(page);
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    serious.map(
      (v) =>
        `${path}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes
          .map((n) => n.target.join(" "))
          .slice(0, 3)
          .join(", ")}`,
    ),
  ).toEqual([]);
}

test.describe("accessibility (axe)", () => {
  test("storefront pages for a guest", async ({ page }) => {
    await expectAccessible(page, "/");
    await page.getByRole("link", { name: activeProducts[0]!.name }).first().click();
    await expectAccessible(page, page.url().replace(/^https?:\/\/[^/]+/, ""));
    await expectAccessible(page, "/sign-in");
    await expectAccessible(page, "/sign-up");
  });

  for (const path of ["/cart", "/orders", "/orders/seed-order-1", "/account"]) {
    test(`a customer's ${path}`, async ({ page }) => {
      await signIn(page, "customer@stockroom.test");
      await expectAccessible(page, path);
    });
  }

  // One page per test: axe takes seconds per page on a busy machine, and each test has its own time limit.
  for (const path of [
    "/admin",
    "/admin/products/import",
    "/admin/products",
    "/admin/products/new",
    "/admin/orders",
    "/admin/orders/seed-order-3",
    "/admin/users",
    "/admin/api-keys",
    "/admin/audit",
  ]) {
    test(`the back office for an admin: ${path}`, async ({ page }) => {
      await signIn(page, "admin@stockroom.test");
      await expectAccessible(page, path);
    });
  }
});

// The dark theme's colours pass too (the operating system asks for dark; the theme follows it).
test.describe("accessibility (axe), dark theme", () => {
  test.use({ colorScheme: "dark" });

  test("storefront pages for a guest", async ({ page }) => {
    await expectAccessible(page, "/");
    await page.getByRole("link", { name: activeProducts[0]!.name }).first().click();
    await expectAccessible(page, page.url().replace(/^https?:\/\/[^/]+/, ""));
  });

  test("a customer's order", async ({ page }) => {
    await signIn(page, "customer@stockroom.test");
    await expectAccessible(page, "/orders/seed-order-1");
  });

  for (const path of ["/admin", "/admin/products", "/admin/orders/seed-order-3"]) {
    test(`the back office for an admin: ${path}`, async ({ page }) => {
      await signIn(page, "admin@stockroom.test");
      await expectAccessible(page, path);
    });
  }
});
