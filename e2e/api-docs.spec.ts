import { expect, test } from "./fixtures";

test.describe("API docs for integrators", () => {
  test("render the served OpenAPI document with every file from our own host", async ({ page }) => {
    await page.goto("/api/docs");
    await expect(page.getByRole("heading", { name: /Stockroom API/ })).toBeVisible();
    for (const tag of ["Products", "Stock", "Orders", "Identity", "Audit"]) {
      await expect(page.getByRole("link", { name: tag, exact: true })).toBeVisible();
    }
    await expect(page.getByRole("button", { name: /POST \/orders\/\{id\}\/transitions/ })).toBeVisible();
    // The fixture fails the test on any request to another host or any error response.
  });

  test("the REST endpoint answers in its envelope from a browser-less client", async ({ request }) => {
    const res = await request.get("/api/v1/products");
    expect(res.status()).toBe(401);
    expect(res.headers()["x-request-id"]).toBeTruthy();
    expect(await res.json()).toMatchObject({ data: null, errors: [{ code: "AUTHENTICATION_REQUIRED" }] });
  });
});
