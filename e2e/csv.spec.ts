/** CSV round trip in the back office: export, edit, a check that finds the broken row, fix, import, and the storefront shows it. */
import { readFile } from "node:fs/promises";
import { expect, signIn, staffApi, test } from "./fixtures";

test("staff export products, fix a file the check refuses, import it, and the storefront shows the new price", async ({
  page,
  browser,
}) => {
  const staff = await staffApi(browser);
  const tag = `CSVRT${Date.now()}`;
  const product = await staff.mutate<{ id: string; sku: string }>("products.create", {
    sku: `${tag}-1`,
    name: `Oak Tray ${tag}`,
    priceMinor: 2400,
    currency: "EUR",
    initialStock: 6,
  });
  await staff.close();

  await signIn(page, "staff@stockroom.test");
  await page.goto("/admin/products");
  await page.getByLabel("Search").fill(tag);
  await expect(page.getByRole("link", { name: `Oak Tray ${tag}` })).toBeVisible();
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe("products.csv");
  const exported = await readFile(await download.path(), "utf8");
  expect(exported.split("\r\n").filter(Boolean)).toHaveLength(2); // the header and the filtered product

  // The price changes, and a new product is added with a price the check must refuse.
  const edited = exported.replace(",24.00,", ",26.50,") + `${tag}-2,Oak Coaster ${tag},,4.5.0,EUR,3,,true,,\r\n`;
  await page.getByRole("link", { name: "Import CSV" }).click();
  await expect(page.getByRole("heading", { name: "Import products" })).toBeVisible();
  const upload = (csv: string) =>
    page.getByLabel("CSV file").setInputFiles({ name: "products.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });

  await upload(edited);
  const problems = page.getByTestId("import-errors");
  await expect(problems.getByRole("row").nth(1)).toContainText(/3\s*price/);
  await expect(page.getByRole("button", { name: /^Import/ })).toHaveCount(0);

  await upload(edited.replace(",4.5.0,", ",4.50,"));
  await expect(page.getByTestId("import-summary")).toContainText("1 new");
  await expect(page.getByTestId("import-summary")).toContainText("1 changed");
  await page.getByRole("button", { name: "Import 2 products" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Imported" })).toContainText("1 new, 1 changed");

  await page.goto(`/products/${product.id}`);
  await expect(page.getByText("€26.50").first()).toBeVisible();
});
