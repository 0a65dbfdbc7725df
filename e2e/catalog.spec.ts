import { activeProducts, expect, PAGE_SIZE, test } from "./fixtures";

test.describe("catalog", () => {
  test("shows the seeded products in name order, with prices", async ({ catalog }) => {
    await catalog.open();
    expect(await catalog.names()).toEqual(activeProducts.slice(0, PAGE_SIZE).map((p) => p.name));
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
    let shown = PAGE_SIZE;
    while (shown < activeProducts.length) {
      await catalog.loadMore().click();
      shown = Math.min(shown + PAGE_SIZE, activeProducts.length);
      await expect(catalog.cards()).toHaveCount(shown);
    }
    await expect(catalog.loadMore()).toHaveCount(0);
    expect(await catalog.names()).toEqual(activeProducts.map((p) => p.name));
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
    await catalog.page.goto("/products/does-not-exist");
    await expect(catalog.page.getByRole("heading", { name: "Product not found" })).toBeVisible();
  });
});
