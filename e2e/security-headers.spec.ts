/** Security headers on pages and APIs, and pages that work under a nonce-based CSP without 'unsafe-inline'. */
import { expect, test } from "./fixtures";

test.describe("security headers", () => {
  test("pages carry a fresh-nonce CSP without unsafe-inline scripts, and the usual protections", async ({ page, request }) => {
    const first = await request.get("/");
    const second = await request.get("/");
    const csp = first.headers()["content-security-policy"]!;
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}' 'strict-dynamic'/);
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toBe(second.headers()["content-security-policy"]);
    expect(first.headers()).toMatchObject({
      "x-content-type-options": "nosniff",
      "referrer-policy": "strict-origin-when-cross-origin",
      "x-frame-options": "DENY",
    });
    // The page still works (the watch fixture fails the test on any CSP violation in the console).
    await page.goto("/");
    await expect(page.getByRole("list", { name: "Products" }).getByRole("listitem").first()).toBeVisible();
    await page.getByRole("searchbox", { name: "Search products" }).fill("mug");
    await expect(page).toHaveURL(/q=mug/);
  });

  test("APIs allow nothing to load and cannot be framed, whatever answers (a route, Auth.js, a 404)", async ({ request }) => {
    for (const path of [
      "/api/health",
      "/api/health/live",
      "/api/v1/products",
      "/api/v1/openapi.json",
      "/api/trpc/storefront.list",
      "/api/auth/session",
      "/api/no-such-thing",
    ]) {
      const res = await request.get(path);
      expect(res.headers()["content-security-policy"], path).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(res.headers()["x-content-type-options"], path).toBe("nosniff");
      expect(res.headers()["x-frame-options"], path).toBe("DENY");
    }
    const docs = await request.get("/api/docs");
    expect(docs.headers()["content-security-policy"]).toMatch(/^default-src 'self'; script-src 'self'/);
  });
});
