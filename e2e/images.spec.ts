/** Product pictures: staff drop them on a product in the back office; shoppers see them on the catalog and the product page. */
import sharp from "sharp";
import { expect, signIn, staffApi, test } from "./fixtures";

/** A real JPEG of one colour with a band across it, so two pictures differ. */
async function jpeg(colour: string, width = 1200, height = 900): Promise<Buffer> {
  const band = await sharp({ create: { width, height: Math.round(height / 5), channels: 3, background: "#ffffff" } })
    .png()
    .toBuffer();
  return sharp({ create: { width, height, channels: 3, background: colour } })
    .composite([{ input: band, top: Math.round(height / 2), left: 0 }])
    .jpeg()
    .toBuffer();
}

test("staff drop two pictures with alt text, make the second the main one; the catalog and the product page show them", async ({
  page,
  browser,
  watch,
}) => {
  // The file that is not a picture is refused on purpose (415).
  watch.allow(/415 for \/api\/trpc\/products\.addImage/);
  // Playwright's trace recorder (on in every run, kept on failure) re-reads a preview that did not decode
  // with fetch(), which the page's CSP blocks; without tracing the page logs nothing (checked with --trace off).
  watch.allow(/Connecting to 'blob:http:\/\/127\.0\.0\.1:\d+\/[0-9a-f-]+' violates .*connect-src/);
  const staff = await staffApi(browser);
  const tag = `IMG${Date.now()}`;
  const product = await staff.mutate<{ id: string }>("products.create", {
    sku: `${tag}-1`,
    name: `Linen Apron ${tag}`,
    priceMinor: 3200,
    currency: "EUR",
    initialStock: 4,
  });
  await staff.close();

  await signIn(page, "staff@stockroom.test");
  await page.goto(`/admin/products/${product.id}`);
  await expect(page.getByText("No pictures yet")).toBeVisible();

  // Drag and drop, as from a file manager: a DataTransfer with files, dropped on the zone.
  const files = [
    { name: "front.jpg", colour: "#1f6f8b" },
    { name: "back.jpg", colour: "#8b1f3d" },
  ];
  const payload = await Promise.all(files.map(async (f) => ({ name: f.name, bytes: [...(await jpeg(f.colour))] })));
  const dataTransfer = await page.evaluateHandle((list) => {
    const transfer = new DataTransfer();
    for (const f of list) transfer.items.add(new File([new Uint8Array(f.bytes)], f.name, { type: "image/jpeg" }));
    return transfer;
  }, payload);
  await page.locator(".drop-zone").dispatchEvent("drop", { dataTransfer });

  const pending = page.getByRole("form", { name: "Pictures to upload" });
  await pending.getByLabel("Alt text for front.jpg").fill("Apron, front");
  await pending.getByLabel("Alt text for back.jpg").fill("Apron, back with pocket");
  await pending.getByRole("button", { name: "Upload 2 pictures" }).click();
  await expect(page.getByRole("status").filter({ hasText: "2 pictures added" })).toBeVisible();
  const gallery = page.getByRole("list", { name: "Pictures, main one first" });
  await expect(gallery.getByTestId("product-image")).toHaveCount(2);
  await expect(gallery.getByRole("img").first()).toHaveAttribute("alt", "Apron, front");

  await gallery.getByTestId("product-image").nth(1).getByRole("button", { name: "Make main" }).click();
  await expect(gallery.getByRole("img").first()).toHaveAttribute("alt", "Apron, back with pocket");

  // A file that is not a picture: refused by the server, named beside the file, nothing added.
  await page
    .locator(".drop-zone input[type=file]")
    .setInputFiles({ name: "notes.jpg", mimeType: "image/jpeg", buffer: Buffer.from("not a picture") });
  await pending.getByLabel("Alt text for notes.jpg").fill("Notes");
  await pending.getByRole("button", { name: "Upload 1 picture" }).click();
  await expect(pending.getByRole("alert")).toContainText("not a JPEG, PNG, WebP, AVIF or GIF image");
  await expect(gallery.getByTestId("product-image")).toHaveCount(2);

  // The storefront: the main picture on the catalog card, the gallery on the product page, loaded for real.
  await page.goto(`/?q=${tag}`);
  const card = page.getByRole("img", { name: "Apron, back with pocket" });
  await expect(card).toBeVisible();
  await expect.poll(() => card.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
  await page.goto(`/products/${product.id}`);
  const main = page.locator(".gallery-main");
  await expect(main).toHaveAttribute("alt", "Apron, back with pocket");
  await expect.poll(() => main.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
  await page.getByRole("button", { name: "Show picture 2: Apron, front" }).click();
  await expect(main).toHaveAttribute("alt", "Apron, front");
  const structured = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent())!) as { image: string[] };
  expect(structured.image).toHaveLength(2);
  expect(structured.image[0]).toMatch(/\/api\/images\/[0-9a-f]{64}-1200\.webp$/);
  const served = await page.request.get(new URL(structured.image[0]!).pathname);
  expect(served.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");
  expect(served.headers()["content-type"]).toBe("image/webp");
});
