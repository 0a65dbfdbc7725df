import { activeProducts, expect, PAGE_SIZE, test } from "./fixtures";

const seeded = new Set(activeProducts.map((p) => p.name));

test.describe("catalog", () => {
  test("shows the seeded products in name order, with prices", async ({ catalog }) => {
    await catalog.open();
    // Other suites add products of their own; the seeded ones must appear in order among them.
    const seededShown = (await catalog.names()).filter((name) => seeded.has(name));
    expect(seededShown).toEqual(activeProducts.slice(0, seededShown.length).map((p) => p.name));
    expect(seededShown.length).toBeGreaterThan(PAGE_SIZE / 2);
    const first = catalog.cards().first();
    await expect(first).toContainText(activeProducts[0]!.sku);
    await expect(first).toContainText("€");
  });

  test("search narrows the list by name, case-insensitively", async ({ catalog }) => {
    await catalog.open();
    await catalog.search().fill("cAnDlE");
    const expected = activeProducts.filter((p) => p.name.includes("Candle")).map((p) => p.name);
    await expect(catalog.cards()).toHaveCount(expected.length);
    expect(await catalog.names()).toEqual(expected);
  });

  test("search finds a product by SKU, and says when nothing matches", async ({ catalog }) => {
    await catalog.open();
    const target = activeProducts.find((p) => p.sku.startsWith("PEN"))!;
    await catalog.search().fill(target.sku.toLowerCase());
    await expect(catalog.cards()).toHaveCount(1);
    await expect(catalog.cards().first()).toContainText(target.name);
    await catalog.search().fill("no such thing");
    await expect(catalog.page.getByText("No products match")).toBeVisible();
    await expect(catalog.cards()).toHaveCount(0);
  });

  test("Load more pages through the whole catalog without repeats", async ({ catalog }) => {
    await catalog.open();
    for (let shown = PAGE_SIZE; await catalog.loadMore().isVisible(); shown += PAGE_SIZE) {
      await catalog.loadMore().click();
      await expect(catalog.cards()).not.toHaveCount(shown);
    }
    const names = await catalog.names();
    expect(new Set(names).size).toBe(names.length);
    expect(names.filter((name) => seeded.has(name))).toEqual(activeProducts.map((p) => p.name));
  });

  test("search and the in-stock filter are in the URL, so a shared link shows the same list", async ({ catalog, page }) => {
    await catalog.open();
    await catalog.search().fill("candle");
    await expect(page).toHaveURL(/\/\?q=candle$/);
    await page.getByLabel("In stock only").check();
    await expect(page).toHaveURL(/\/\?q=candle&inStock=1$/);
    const expected = activeProducts.filter((p) => p.name.includes("Candle") && p.stock > 0).map((p) => p.name);
    await expect(catalog.cards()).toHaveCount(expected.length);

    const shared = await page.context().newPage();
    await shared.goto(page.url());
    await expect(shared.getByRole("searchbox", { name: "Search products" })).toHaveValue("candle");
    await expect(shared.getByLabel("In stock only")).toBeChecked();
    await expect(shared.getByRole("list", { name: "Products" }).getByRole("listitem")).toHaveCount(expected.length);
  });
});

test.describe("product page", () => {
  test("opens from the catalog and shows the product", async ({ catalog }) => {
    await catalog.open();
    const product = activeProducts[1]!;
    await catalog.page.getByRole("link", { name: product.name }).click();
    await expect(catalog.page).toHaveURL(/\/products\/[^/]+$/);
    await expect(catalog.page.getByRole("heading", { level: 1 })).toHaveText(product.name);
    await expect(catalog.page.getByText(`SKU ${product.sku}`)).toBeVisible();
    await expect(catalog.page.getByText(product.description)).toBeVisible();
    await catalog.page.getByRole("link", { name: "← Catalog" }).click();
    await expect(catalog.cards()).toHaveCount(PAGE_SIZE);
  });

  test("says so when the product does not exist", async ({ catalog }) => {
    // The lookup's own 404 is the expected outcome here, so this test does not use the problem-checking fixture's listeners.
    catalog.page.removeAllListeners("response");
    const answer = await catalog.page.goto("/products/does-not-exist");
    expect(answer?.status()).toBe(404);
    await expect(catalog.page.getByRole("heading", { name: "Product not found" })).toBeVisible();
  });
});
