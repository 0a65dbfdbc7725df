/** Staff manage products and stock; an admin moves an order to SHIPPED and its customer sees it. */
import { expect, openBackOffice, signIn, signUp, staffApi, test, uniqueEmail } from "./fixtures";

test.describe("back office", () => {
  test("staff create a product, receive stock with a reason, and archive it off the storefront", async ({ page, watch }) => {
    // The archived product's page is a real 404 now that the server renders it.
    watch.allow(/422 for \/api\/trpc\/stock\.adjust|404 for \/products\//);
    await signIn(page, "staff@stockroom.test");
    await openBackOffice(page, "Products");
    await expect(page.getByRole("heading", { name: "Products" })).toBeVisible();
    await page.getByRole("link", { name: "New product" }).click();

    const sku = `BO-${Date.now()}`;
    const name = `Walnut Tray ${Date.now()}`;
    const form = page.getByRole("form", { name: "New product" });
    await form.getByLabel("SKU").fill(sku);
    await form.getByLabel("Name").fill(name);
    await form.getByLabel("Price").fill("12.5");
    await form.getByRole("button", { name: "Create product" }).click();

    await expect(page.getByRole("heading", { name })).toBeVisible();
    await expect(page.getByRole("status")).toContainText("Saved");
    await expect(page.getByText("€12.50")).toBeVisible();
    await expect(page.getByTestId("stock")).toHaveText("0");

    const adjust = page.getByRole("form", { name: "Adjust stock" });
    await adjust.getByLabel("Reason").selectOption("RECEIVED");
    await adjust.getByLabel("Units").fill("7");
    await adjust.getByLabel("Note").fill("PO 55");
    await adjust.getByRole("button", { name: "Record" }).click();
    await expect(page.getByTestId("stock")).toHaveText("7");
    await expect(page.getByRole("list", { name: "Stock ledger" })).toContainText("+7 received → 7 (PO 55)");

    // Removing more than there is: refused beside the field, nothing changes.
    await adjust.getByLabel("Reason").selectOption("DAMAGED");
    await adjust.getByLabel("Units").fill("9");
    await adjust.getByRole("button", { name: "Record" }).click();
    await expect(adjust.getByText("Only 7 in stock: cannot remove 9")).toBeVisible();
    await expect(page.getByTestId("stock")).toHaveText("7");

    const productUrl = page.url().replace(/\?.*$/, "");
    const id = productUrl.split("/").at(-1)!;
    await page.getByRole("button", { name: "Archive" }).click();
    await page
      .getByRole("dialog", { name: /^Archive / })
      .getByRole("button", { name: "Archive" })
      .click();
    await expect(page.getByText("Archived: it is no longer sold.")).toBeVisible();
    const archived = await page.goto(`/products/${id}`);
    expect(archived?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Product not found" })).toBeVisible();
  });

  test("a taken SKU is shown beside the SKU field", async ({ page, browser, watch }) => {
    watch.allow(/409 for \/api\/trpc\/products\.create/);
    const staff = await staffApi(browser);
    const taken = await staff.mutate<{ sku: string }>("products.create", { sku: `TAKEN-${Date.now()}`, name: "Taken", priceMinor: 100 });
    await staff.close();
    await signIn(page, "staff@stockroom.test");
    await page.goto("/admin/products/new");
    const form = page.getByRole("form", { name: "New product" });
    await form.getByLabel("SKU").fill(taken.sku);
    await form.getByLabel("Name").fill("Duplicate");
    await form.getByLabel("Price").fill("1");
    await form.getByRole("button", { name: "Create product" }).click();
    await expect(form.getByText(`Another product already has SKU ${taken.sku}`)).toBeVisible();
  });

  test("an admin moves a customer's order to SHIPPED and the customer sees it", async ({ page, browser }) => {
    // Two people and three browser contexts in one journey: more than the default budget on a busy machine.
    test.slow();
    const staff = await staffApi(browser);
    const product = await staff.mutate<{ id: string; name: string }>("products.create", {
      sku: `SHIP-${Date.now()}`,
      name: `Shipping Crate ${Date.now()}`,
      priceMinor: 999,
      initialStock: 3,
    });
    await staff.close();

    await signUp(page, uniqueEmail("shipped"));
    await page.goto(`/products/${product.id}`);
    await page.getByRole("button", { name: "Add to cart" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Added to your cart" })).toBeVisible();
    await page.goto("/cart");
    await page.getByRole("button", { name: "Place order" }).click();
    await expect(page.getByText("Status: pending")).toBeVisible();
    const number = /#(\d+)/.exec((await page.getByRole("heading", { level: 1 }).textContent()) ?? "")![1]!;

    const adminContext = await browser.newContext();
    const admin = await adminContext.newPage();
    await signIn(admin, "admin@stockroom.test");
    await openBackOffice(admin, "Orders");
    await admin.getByLabel("Status").selectOption("PENDING");
    await admin.getByRole("link", { name: `#${number}`, exact: true }).click();
    for (const step of ["Mark paid", "Mark fulfilled", "Mark shipped"]) {
      await admin.getByRole("button", { name: step }).click();
      await expect(admin.getByRole("button", { name: step })).toHaveCount(0);
    }
    await expect(admin.getByText("Status: shipped")).toBeVisible();
    await expect(admin.getByRole("button", { name: "Cancel order" })).toHaveCount(0);
    await adminContext.close();

    await page.reload();
    await expect(page.getByText("Status: shipped")).toBeVisible();
    await expect(page.getByRole("list", { name: "Status history" }).getByRole("listitem")).toHaveCount(4);
  });

  test("a customer cannot open the back-office product and order pages", async ({ page }) => {
    await signUp(page, uniqueEmail("nosy"));
    for (const path of ["/admin/products", "/admin/orders", "/admin/products/new"]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
    }
    await expect(page.getByRole("link", { name: "Products", exact: true })).toHaveCount(0);
  });
});
