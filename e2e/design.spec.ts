/**
 * The interface's frames and theme: light and dark follow the operating system until the switch pins one
 * (a cookie, so the server renders it), the storefront header counts the cart, and the back office's
 * sidebar folds behind "Menu" on a phone.
 */
import type { Page } from "@playwright/test";
import { activeProducts, expect, openBackOffice, signIn, signUp, staffApi, test, uniqueEmail } from "./fixtures";

/** The page's background colour as the browser paints it (the theme's --bg). */
const background = (page: Page) => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
const LIGHT = "rgb(246, 247, 249)";
const DARK = "rgb(17, 19, 21)";

test.describe("design system", () => {
  test("the theme follows the system; the switch pins light or dark across reloads, and System lets go", async ({ page }) => {
    await page.emulateMedia({ colorScheme: "light" });
    await page.goto("/sign-in");
    expect(await background(page)).toBe(LIGHT);
    await page.emulateMedia({ colorScheme: "dark" });
    expect(await background(page)).toBe(DARK);

    const theme = page.getByRole("combobox", { name: "Theme" });
    await theme.selectOption("light");
    expect(await background(page)).toBe(LIGHT);
    await page.reload();
    await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
    expect(await background(page)).toBe(LIGHT);

    await page.getByRole("combobox", { name: "Theme" }).selectOption("system");
    expect(await background(page)).toBe(DARK);
    await page.reload();
    await expect(page.locator("html")).not.toHaveAttribute("data-theme", /./);

    await page.getByRole("combobox", { name: "Theme" }).selectOption("dark");
    await page.emulateMedia({ colorScheme: "light" });
    await page.goto("/");
    expect(await background(page)).toBe(DARK);
  });

  test("the storefront header counts what is in the cart", async ({ page }) => {
    await signUp(page, uniqueEmail("cart-count"));
    const product = activeProducts.find((p) => p.stock >= 5)!;
    const count = page.getByTestId("cart-count");
    await expect(count).toHaveCount(0);
    await page.getByRole("link", { name: product.name }).first().click();
    await page.getByLabel("Quantity").fill("2");
    await page.getByRole("button", { name: "Add to cart" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Added to your cart" })).toBeVisible();
    await expect(count).toHaveText("2");
    await expect(page.getByRole("link", { name: "Cart, 2 items" })).toBeVisible();
    await page.reload();
    await expect(count).toHaveText("2");
  });

  test("staff move between the storefront and the back office; the sidebar marks the section", async ({ page }) => {
    await signIn(page, "staff@stockroom.test");
    await expect(page.getByRole("navigation", { name: "Back office" })).toHaveCount(0);
    await openBackOffice(page, "Products");
    await expect(page.getByRole("heading", { level: 1, name: "Products" })).toBeVisible();
    await expect(page.getByTestId("backoffice-person")).toContainText("staff");
    // Staff have no API keys page: their sidebar has no link to it.
    await expect(page.getByRole("navigation", { name: "Back office" }).getByRole("link", { name: "API keys" })).toHaveCount(0);
    await page.getByRole("link", { name: "View the storefront" }).click();
    await expect(page.getByRole("searchbox", { name: "Search products" })).toBeVisible();
  });

  test("on a phone the back office's sections fold behind Menu, and fold again after choosing one", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page, "admin@stockroom.test");
    await page.goto("/admin");
    const sidebar = page.getByRole("navigation", { name: "Back office" });
    const orders = sidebar.getByRole("link", { name: "Orders", exact: true });
    await expect(orders).toBeHidden();
    const menu = page.getByRole("button", { name: "Menu" });
    await menu.click();
    await expect(menu).toHaveAttribute("aria-expanded", "true");
    await orders.click();
    await expect(page.getByRole("heading", { level: 1, name: /orders/i })).toBeVisible();
    await expect(orders).toBeHidden();
    await expect(menu).toHaveAttribute("aria-expanded", "false");
  });

  test("a search from the header of any storefront page opens the catalog filtered", async ({ page }) => {
    await page.goto("/sign-in");
    await page.getByRole("searchbox", { name: "Search the shop" }).fill("candle");
    await page.getByRole("searchbox", { name: "Search the shop" }).press("Enter");
    await expect(page).toHaveURL(/\/\?q=candle$/);
    await expect(page.getByRole("searchbox", { name: "Search products" })).toHaveValue("candle");
  });

  test("back-office tables: headers sort both ways, filters show as chips that clear, a row click opens its page", async ({ page }) => {
    await signIn(page, "staff@stockroom.test");
    await openBackOffice(page, "Products");
    const table = page.getByRole("table", { name: "Products" });
    const price = (row: number) =>
      table
        .getByRole("row")
        .nth(row)
        .getByRole("cell")
        .nth(3)
        .textContent()
        .then((text) => Number(text!.replace(/[^\d.]/g, "")));
    const header = table.getByRole("columnheader", { name: "Price" });
    await expect(header).toHaveAttribute("aria-sort", "none");
    await header.getByRole("button").click();
    await expect(header).toHaveAttribute("aria-sort", "ascending");
    await expect(table.getByRole("columnheader", { name: "Name" })).toHaveAttribute("aria-sort", "none");
    await expect.poll(async () => (await price(1)) <= (await price(2))).toBe(true);
    await header.getByRole("button").click();
    await expect(header).toHaveAttribute("aria-sort", "descending");
    await expect.poll(async () => (await price(1)) >= (await price(2))).toBe(true);

    await page.getByRole("searchbox", { name: "Search", exact: true }).fill("no-such-product-anywhere");
    const chips = page.getByRole("list", { name: "Filters in force" });
    await expect(chips.getByRole("listitem")).toHaveText(["Search: no-such-product-anywhere"]);
    await expect(page.getByText("No products match")).toBeVisible();
    await chips.getByRole("button", { name: "Clear Search: no-such-product-anywhere" }).click();
    await expect(chips).toHaveCount(0);
    await expect(page.getByRole("searchbox", { name: "Search", exact: true })).toHaveValue("");

    const row = table.getByRole("row").nth(1);
    const name = await row.getByRole("link").textContent();
    await row.getByRole("cell").nth(2).click();
    await expect(page).toHaveURL(/\/admin\/products\/[^/]+$/);
    await expect(page.getByRole("heading", { level: 1, name: name! })).toBeVisible();
  });

  test("staff select products and archive them together, after confirming", async ({ page, browser }) => {
    const tag = `bulk${Date.now()}`;
    const staff = await staffApi(browser);
    for (const n of [1, 2])
      await staff.mutate("products.create", { sku: `${tag}-${n}`.toUpperCase(), name: `Bulk ${tag} ${n}`, priceMinor: 100 });
    await staff.close();

    await signIn(page, "staff@stockroom.test");
    await openBackOffice(page, "Products");
    await page.getByRole("searchbox", { name: "Search", exact: true }).fill(tag);
    const table = page.getByRole("table", { name: "Products" });
    await expect(table.getByRole("row")).toHaveCount(3);
    await table.getByRole("checkbox", { name: "Select all shown" }).check();
    const selection = page.getByRole("region", { name: "Selected products" });
    await expect(selection).toContainText("2 selected");
    await selection.getByRole("button", { name: "Archive selected" }).click();
    await page.getByRole("dialog", { name: "Archive 2 products?" }).getByRole("button", { name: "Archive" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Archived 2 products." })).toBeVisible();
    await expect(selection).toHaveCount(0);
    await expect(page.getByText("No products match")).toBeVisible();
    await page.getByLabel("Status").selectOption("archived");
    await expect(table.getByRole("row")).toHaveCount(3);
  });
});
