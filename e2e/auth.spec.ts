/** Signing up, in and out; who may open the back office; role changes and revoked cookies, in a real browser. */
import type { Browser } from "@playwright/test";
import { expect, signIn, signOut, signUp, test, uniqueEmail } from "./fixtures";

async function newPage(browser: Browser) {
  const context = await browser.newContext();
  return context.newPage();
}

test.describe("signing up, in and out", () => {
  test("a visitor signs up, is signed in, signs out and signs back in", async ({ page }) => {
    const email = uniqueEmail("signup");
    await signUp(page, email);
    await expect(page.getByTestId("account-link")).toContainText("(customer)");
    await signOut(page);
    await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
    await signIn(page, email, "correct horse battery");
    await expect(page.getByTestId("account-link")).toContainText("Pat Playwright");
  });

  test("sign-up shows the server's errors beside their fields", async ({ page, watch }) => {
    watch.allow(/400 for \/api\/trpc\/auth\.signUp|409 for \/api\/trpc\/auth\.signUp/);
    await page.goto("/sign-up");
    await page.getByLabel("Name").fill("Short Password");
    await page.getByLabel("Email").fill(uniqueEmail("short"));
    await page.getByLabel(/^Password/).fill("short");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.locator("#password-error")).toHaveText("Use at least 10 characters");
    await page.getByLabel("Email").fill("customer@stockroom.test");
    await page.getByLabel(/^Password/).fill("long enough password");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.locator("#email-error")).toContainText("already exists");
  });

  test("a wrong password is refused with a message that does not say which part was wrong", async ({ page }) => {
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill("customer@stockroom.test");
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("main").getByRole("alert")).toHaveText("That email and password do not match an account.");
    await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
  });
});

test.describe("the back office", () => {
  test("a customer sees no back-office links, cannot open its pages, and the API refuses too", async ({ page, watch }) => {
    watch.allow(/403 for \/api\/trpc\/admin\.users\.list/);
    await signIn(page, "customer@stockroom.test");
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" })).toHaveCount(0);
    await page.goto("/admin/users");
    await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
    await expect(page.getByRole("table")).toHaveCount(0);
    const api = await page.request.get("/api/trpc/admin.users.list?input=%7B%22json%22%3A%7B%7D%7D");
    expect(api.status()).toBe(403);
  });

  test("a guest opening the back office is sent to sign in, then back", async ({ page }) => {
    await page.goto("/admin/users");
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fadmin%2Fusers/);
    await page.getByLabel("Email").fill("admin@stockroom.test");
    await page.getByLabel("Password").fill("stockroom-demo");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { name: "Users" })).toBeVisible();
  });

  test("an admin changes a role and it takes effect at once", async ({ page, browser }) => {
    const email = uniqueEmail("promote");
    const userPage = await newPage(browser);
    await signUp(userPage, email);

    await signIn(page, "admin@stockroom.test");
    await page.goto("/admin/users");
    await page.getByRole("searchbox", { name: "Search users" }).fill(email);
    await page.getByLabel(`Role of ${email}`).selectOption("STAFF");
    await expect(page.getByRole("main").getByRole("status")).toHaveText(`${email} is now staff.`);

    // The user's old session no longer works: their next page is a guest's.
    await userPage.reload();
    await expect(userPage.getByRole("link", { name: "Sign in" })).toBeVisible();
    await signIn(userPage, email, "correct horse battery");
    await expect(userPage.getByTestId("account-link")).toContainText("(staff)");
    await userPage.context().close();
  });

  test("the last admin cannot demote themselves; the page says why", async ({ page, watch }) => {
    watch.allow(/409 for \/api\/trpc\/admin\.users\.setRole/);
    await signIn(page, "admin@stockroom.test");
    await page.goto("/admin/users");
    await page.getByRole("searchbox", { name: "Search users" }).fill("admin@stockroom.test");
    await page.getByLabel("Role of admin@stockroom.test").selectOption("CUSTOMER");
    await expect(page.getByRole("main").getByRole("alert")).toContainText("last active admin");
    await expect(page.getByLabel("Role of admin@stockroom.test")).toHaveValue("ADMIN");
  });
});

test.describe("revoked sessions", () => {
  test("a copied session cookie stops working once its owner signs out", async ({ page, browser }) => {
    await signIn(page, "customer2@stockroom.test");
    const thief = await browser.newContext();
    await thief.addCookies(await page.context().cookies());
    const thiefPage = await thief.newPage();
    await thiefPage.goto("/account");
    await expect(thiefPage.getByRole("heading", { name: "Your account" })).toBeVisible();

    await signOut(page);
    await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();

    await thiefPage.goto("/account");
    await expect(thiefPage).toHaveURL(/\/sign-in/);
    const api = await thiefPage.request.get("/api/trpc/me.get");
    expect(api.status()).toBe(401);
    await thief.close();
  });

  test("the session cookie is HttpOnly, SameSite=Lax and Secure in production", async ({ page }) => {
    await signIn(page, "customer@stockroom.test");
    const session = (await page.context().cookies()).find((c) => c.name.endsWith("authjs.session-token"))!;
    expect(session).toMatchObject({ name: "__Secure-authjs.session-token", httpOnly: true, sameSite: "Lax", secure: true });
  });
});
