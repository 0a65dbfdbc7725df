/** A customer buys: product page → cart → checkout → their orders; and stock running out in between. */
import { expect, signUp, staffApi, test, uniqueEmail } from "./fixtures";

type Product = { id: string; name: string; priceMinor: number };

async function newProduct(browser: Parameters<typeof staffApi>[0], stock: number, name: string) {
  const staff = await staffApi(browser);
  const product = await staff.mutate<Product>("products.create", {
    sku: `E2E-${Date.now()}-${Math.floor(Math.random() * 1e6)}`,
    name,
    priceMinor: 2450,
    initialStock: stock,
  });
  return { product, staff };
}

test.describe("shopping", () => {
  test("a new customer buys two, sees the order in their orders, and cancels it", async ({ page, browser }) => {
    const { product, staff } = await newProduct(browser, 5, `Enamel Teapot ${Date.now()}`);
    await staff.close();
    await signUp(page, uniqueEmail("buyer"));

    await page.goto(`/products/${product.id}`);
    await expect(page.getByRole("heading", { name: product.name })).toBeVisible();
    await page.getByLabel("Quantity").fill("2");
    await page.getByRole("button", { name: "Add to cart" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Added to your cart" })).toBeVisible();

    await page.getByRole("link", { name: "View cart" }).click();
    await expect(page.getByRole("heading", { name: "Your cart" })).toBeVisible();
    await expect(page.getByRole("row", { name: new RegExp(product.name) })).toContainText("€49.00");
    await expect(page.getByText("Subtotal: €49.00")).toBeVisible();
    await page.getByRole("button", { name: "Place order" }).click();

    await expect(page.getByRole("main").getByRole("status").filter({ hasText: "your order is placed" })).toBeVisible();
    await expect(page.getByText("Status: pending")).toBeVisible();
    await expect(page.getByText("Total: €49.00")).toBeVisible();
    const orderUrl = page.url();

    await page.getByRole("link", { name: "Orders", exact: true }).click();
    await expect(page.getByRole("list", { name: "Orders" }).getByRole("listitem")).toHaveCount(1);
    await expect(page.getByRole("list", { name: "Orders" })).toContainText("€49.00");

    await page.goto(orderUrl);
    await page.getByRole("button", { name: "Cancel order" }).click();
    await page
      .getByRole("dialog", { name: /^Cancel order #\d+\?$/ })
      .getByRole("button", { name: "Cancel order" })
      .click();
    await expect(page.getByText("Status: cancelled")).toBeVisible();
    await expect(page.getByRole("list", { name: "Status history" }).getByRole("listitem")).toHaveCount(2);

    // The cart was emptied by the checkout.
    await page.goto("/cart");
    await expect(page.getByText("Your cart is empty")).toBeVisible();
  });

  test("stock running out before the live flag arrives: checkout refuses with a clear message naming the product, nothing charged", async ({
    page,
    browser,
    watch,
  }) => {
    watch.allow(/409 for \/api\/trpc\/cart\.checkout/);
    // The cart's live stream held back (a slow connection): the server's refusal at checkout is what protects.
    await page.route("**/api/trpc/storefront.availability**", (route) => route.abort());
    const { product, staff } = await newProduct(browser, 2, `Last Lantern ${Date.now()}`);
    await signUp(page, uniqueEmail("late"));
    await page.goto(`/products/${product.id}`);
    await page.getByLabel("Quantity").fill("2");
    await page.getByRole("button", { name: "Add to cart" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Added to your cart" })).toBeVisible();
    await page.goto("/cart");
    await expect(page.getByRole("button", { name: "Place order" })).toBeEnabled();

    // Meanwhile the shop sells one elsewhere (recorded as damaged here).
    await staff.mutate("stock.adjust", { productId: product.id, reason: "DAMAGED", delta: -1 });
    await staff.close();

    await page.getByRole("button", { name: "Place order" }).click();
    await expect(page.getByRole("main").getByRole("alert")).toContainText(`Only 1 of ${product.name} left`);
    await expect(page.getByRole("row", { name: new RegExp(product.name) })).toContainText("Not enough in stock (1 left)");
    await expect(page.getByRole("button", { name: "Place order" })).toBeDisabled();
    await page.goto("/orders");
    await expect(page.getByText("No orders yet")).toBeVisible();
  });

  test("stock running out while the cart is open: the line is flagged live and checkout waits, without a reload", async ({
    page,
    browser,
  }) => {
    const { product, staff } = await newProduct(browser, 2, `Last Lamp ${Date.now()}`);
    await signUp(page, uniqueEmail("live"));
    await page.goto(`/products/${product.id}`);
    await page.getByLabel("Quantity").fill("2");
    await page.getByRole("button", { name: "Add to cart" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Added to your cart" })).toBeVisible();
    await page.goto("/cart");
    await expect(page.getByRole("button", { name: "Place order" })).toBeEnabled();
    await expect(page.locator('[data-live="pending"]')).toBeAttached({ timeout: 30_000 });

    await staff.mutate("stock.adjust", { productId: product.id, reason: "DAMAGED", delta: -1 });
    await staff.close();

    await expect(page.getByRole("row", { name: new RegExp(product.name) })).toContainText("Not enough in stock (1 left)");
    await expect(page.getByRole("button", { name: "Place order" })).toBeDisabled();
  });

  test("a guest is asked to sign in to buy", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("list", { name: "Products" }).getByRole("link").first().click();
    await expect(page.getByRole("link", { name: "Sign in to buy" }).or(page.getByText("Out of stock"))).toBeVisible();
    await page.goto("/cart");
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fcart/);
  });
});

test.describe("the cart responds at once", () => {
  test("removing a line is immediate, and it comes back with a message when the request fails", async ({ page, browser, watch }) => {
    watch.allow(/console error: .*Failed to fetch|net::ERR_FAILED/);
    const staff = await staffApi(browser);
    const kettle = await staff.mutate<Product>("products.create", {
      sku: `OPT-${Date.now()}-1`,
      name: `Copper Kettle ${Date.now()}`,
      priceMinor: 4000,
      initialStock: 5,
    });
    const cup = await staff.mutate<Product>("products.create", {
      sku: `OPT-${Date.now()}-2`,
      name: `Tea Cup ${Date.now()}`,
      priceMinor: 800,
      initialStock: 5,
    });
    await staff.close();
    await signUp(page, uniqueEmail("optimistic"));
    for (const product of [kettle, cup]) {
      await page.goto(`/products/${product.id}`);
      await page.getByRole("button", { name: "Add to cart" }).click();
      await expect(page.getByRole("status").filter({ hasText: "Added to your cart" })).toBeVisible();
    }
    await page.goto("/cart");
    await expect(page.getByText("Subtotal: €48.00")).toBeVisible();

    // The network drops the request: the line disappears at once, then returns with an alert.
    await page.route("**/api/trpc/cart.remove**", (route) => route.abort("failed"));
    await page.getByRole("button", { name: `Remove ${cup.name}` }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Could not remove it" })).toBeVisible();
    await expect(page.getByRole("row", { name: new RegExp(cup.name) })).toBeVisible();
    await expect(page.getByText("Subtotal: €48.00")).toBeVisible();

    await page.unroute("**/api/trpc/cart.remove**");
    await page.getByRole("button", { name: `Remove ${cup.name}` }).click();
    await expect(page.getByRole("row", { name: new RegExp(cup.name) })).toHaveCount(0);
    await expect(page.getByText("Subtotal: €40.00")).toBeVisible();
    await page.reload();
    await expect(page.getByRole("row", { name: new RegExp(cup.name) })).toHaveCount(0);
  });
});

test.describe("keyboard and phone", () => {
  test("a customer buys with the keyboard alone", async ({ page, browser }) => {
    const staff = await staffApi(browser);
    const product = await staff.mutate<Product>("products.create", {
      sku: `KEY-${Date.now()}`,
      name: `Oak Coaster ${Date.now()}`,
      priceMinor: 600,
      initialStock: 4,
    });
    await staff.close();
    await signUp(page, uniqueEmail("keyboard"));
    await page.goto(`/products/${product.id}`);
    await page.getByLabel("Quantity").focus();
    await page.keyboard.press("Control+A");
    await page.keyboard.type("3");
    await page.keyboard.press("Tab");
    await expect(page.getByRole("button", { name: "Add to cart" })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("status").filter({ hasText: "Added to your cart" })).toBeVisible();
    await page.getByRole("link", { name: "View cart" }).focus();
    await page.keyboard.press("Enter");
    await expect(page.getByText("Subtotal: €18.00")).toBeVisible();
    await page.getByRole("button", { name: "Place order" }).focus();
    await page.keyboard.press("Enter");
    await expect(page.getByText("Status: pending")).toBeVisible();
  });

  test("on a phone-sized screen the cart and checkout fit without sideways scrolling", async ({ page, browser }) => {
    const staff = await staffApi(browser);
    const product = await staff.mutate<Product>("products.create", {
      sku: `PHONE-${Date.now()}`,
      name: `Pocket Notebook ${Date.now()}`,
      priceMinor: 450,
      initialStock: 4,
    });
    await staff.close();
    await page.setViewportSize({ width: 375, height: 740 });
    await signUp(page, uniqueEmail("phone"));
    await page.goto(`/products/${product.id}`);
    await page.getByRole("button", { name: "Add to cart" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Added to your cart" })).toBeVisible();
    for (const path of ["/", `/products/${product.id}`, "/cart"]) {
      await page.goto(path);
      await expect(page.getByText("Loading…")).toHaveCount(0);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${path} scrolls sideways by ${overflow}px`).toBeLessThanOrEqual(0);
    }
    await page.goto("/cart");
    await page.getByRole("button", { name: "Place order" }).click();
    await expect(page.getByText("Status: pending")).toBeVisible();
  });
});
