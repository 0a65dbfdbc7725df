/** An admin's API keys page (the secret shown once, REST working with it, revoking), the audit log, and webhooks. */
import { startReceiver, verified } from "../tests/integration/webhook-receiver";
import { expect, openBackOffice, signIn, test } from "./fixtures";

test.describe("API keys and the audit log", () => {
  test("an admin creates a key with scopes, a REST call with it works, and after revoking it is refused", async ({ page, request }) => {
    await signIn(page, "admin@stockroom.test");
    await openBackOffice(page, "API keys");
    const name = `Fulfilment ${Date.now()}`;
    const form = page.getByRole("form", { name: "New API key" });
    await form.getByLabel("Name (who uses it)").fill(name);
    await form.getByLabel("orders:read").check();
    await form.getByLabel("products:read").check();
    await form.getByRole("button", { name: "Create key" }).click();

    const secret = (await page.getByTestId("api-key-secret").textContent())!;
    expect(secret).toMatch(/^sk_(live|test)_[A-Za-z0-9_-]{43}$/);
    await expect(page.getByRole("row", { name: new RegExp(name) })).toContainText("products:read, orders:read");

    const me = await request.get("/api/v1/me", { headers: { authorization: `Bearer ${secret}` } });
    expect(me.status()).toBe(200);
    expect(await me.json()).toMatchObject({ data: { type: "apiKey", name, scopes: ["products:read", "orders:read"] }, errors: null });
    expect((await request.get("/api/v1/products?limit=1", { headers: { authorization: `Bearer ${secret}` } })).status()).toBe(200);

    await page.getByRole("button", { name: `Revoke ${name}` }).click();
    // Asked first, with "Keep" focused: Escape keeps the key, the dialog's "Revoke" revokes it.
    const dialog = page.getByRole("dialog", { name: `Revoke ${name}?` });
    await expect(dialog.getByRole("button", { name: "Keep" })).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(dialog).toHaveCount(0);
    await expect(page.getByRole("button", { name: `Revoke ${name}` })).toBeVisible();
    await page.getByRole("button", { name: `Revoke ${name}` }).click();
    await dialog.getByRole("button", { name: "Revoke" }).click();
    await expect(page.getByRole("row", { name: new RegExp(name) })).toHaveCount(0);
    const after = await request.get("/api/v1/me", { headers: { authorization: `Bearer ${secret}` } });
    expect(after.status()).toBe(401);
    expect(await after.json()).toMatchObject({ errors: [{ code: "API_KEY_REVOKED" }] });

    // Both changes are in the audit log.
    await openBackOffice(page, "Audit log");
    await page.getByLabel("Action").fill("admin.apiKeys.");
    const rows = page.getByRole("table", { name: "Audit entries" }).getByRole("row");
    await expect(rows.filter({ hasText: "admin.apiKeys.revoke" }).first()).toBeVisible();
    await expect(rows.filter({ hasText: "admin.apiKeys.create" }).first()).toBeVisible();
  });

  test("the audit log filters by outcome", async ({ page }) => {
    await signIn(page, "admin@stockroom.test");
    await page.goto("/admin/audit");
    await page.getByLabel("Outcome").selectOption("ALLOWED");
    const outcomes = page.getByRole("table", { name: "Audit entries" }).getByRole("row").locator("td:nth-child(5)");
    await expect(outcomes.first()).toBeVisible();
    for (const text of await outcomes.allTextContents()) expect(text).toMatch(/^allowed/);
  });
});

test.describe("webhooks", () => {
  test("an admin registers an endpoint, sends a test the receiver can verify, and sees it delivered", async ({ page }) => {
    const receiver = await startReceiver();
    try {
      await signIn(page, "admin@stockroom.test");
      await openBackOffice(page, "Webhooks");
      const form = page.getByRole("form", { name: "New webhook endpoint" });
      const url = receiver.url(`/e2e-${Date.now()}`);
      await form.getByLabel("URL (https)").fill(url);
      await form.getByLabel("Description").fill("E2E receiver");
      await form.getByLabel("order.created").check();
      await form.getByRole("button", { name: "Add endpoint" }).click();
      const secret = (await page.getByTestId("webhook-secret").textContent())!;
      expect(secret).toMatch(/^whsec_/);

      const endpoint = page.getByRole("article", { name: `Endpoint ${url}` });
      await expect(endpoint.getByRole("status")).toHaveText("Enabled");
      await endpoint.getByRole("button", { name: "Send test" }).click();
      await expect(endpoint.getByRole("row", { name: /webhook\.ping/ })).toContainText("SUCCEEDED");
      expect(receiver.received).toHaveLength(1);
      expect(verified(secret, receiver.received[0]!)).toMatchObject({ type: "webhook.ping" });

      await endpoint.getByRole("button", { name: "Disable" }).click();
      await expect(endpoint.getByRole("status")).toHaveText("Disabled");
      await expect(endpoint.getByRole("button", { name: "Send test" })).toBeDisabled();
    } finally {
      await receiver.close();
    }
  });
});
