/** The back office's dashboard: its figures are the orders placed here, it follows new ones live, and it reads on a phone. */
import { expect, openBackOffice, signIn, staffApi, test } from "./fixtures";

// No other test sells in Danish kroner, so the dashboard's DKK figures are this file's own (plus earlier
// runs' when the server is reused locally: the test reads them first and checks what it adds).
const currency = "DKK";

interface Totals {
  totals: { window: string; currency: string; orders: number; revenueMinor: number }[];
}

const kroner = (minor: number) => new Intl.NumberFormat("en-IE", { style: "currency", currency }).format(minor / 100);

test("staff see today's orders, revenue, best sellers and stock value of the orders placed, then a new order live", async ({
  page,
  browser,
}) => {
  const staff = await staffApi(browser);
  const before = (await staff.query<Totals>("report.sales")).totals.find((t) => t.window === "today" && t.currency === currency) ?? {
    orders: 0,
    revenueMinor: 0,
  };
  const valueBefore =
    (await staff.query<{ currencies: { currency: string; valueMinor: number }[] }>("report.inventory")).currencies.find(
      (c) => c.currency === currency,
    )?.valueMinor ?? 0;
  const product = await staff.mutate<{ id: string; name: string }>("products.create", {
    sku: `DASH-${Date.now()}`,
    name: `Zinc Desk Lamp ${Date.now()}`,
    priceMinor: 1250,
    currency,
    initialStock: 50,
    lowStockThreshold: 2,
  });
  const order = (quantity: number) =>
    staff.mutate("order.create", { idempotencyKey: crypto.randomUUID(), lines: [{ productId: product.id, quantity }] });
  await order(2);
  await order(1);

  await signIn(page, "staff@stockroom.test");
  await openBackOffice(page, "Dashboard");
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  await page.getByLabel("Currency").selectOption(currency);
  await expect(page.getByRole("heading", { name: `Sales in ${currency}` })).toBeVisible();
  const orders = before.orders + 2;
  const revenue = before.revenueMinor + 3750;
  await expect(page.getByTestId("orders-today")).toHaveText(String(orders));
  await expect(page.getByTestId("revenue-today")).toHaveText(kroner(revenue));
  await expect(page.getByTestId("average-today")).toHaveText(kroner(Math.round(revenue / orders)));
  await expect(page.getByTestId("top-revenue").getByRole("link", { name: product.name })).toBeVisible();
  // 47 lamps left at 12.50.
  await expect(page.getByTestId("inventory-value")).toHaveText(kroner(valueBefore + 47 * 1250));
  // The chart is drawn (in the browser) with a text alternative beside it.
  await expect(
    page
      .getByRole("img", { name: `Revenue per day, last 30 days (${currency})` })
      .locator("svg .recharts-bar-rectangle")
      .first(),
  ).toBeVisible();
  await page.getByText("The same figures as a table").click();
  await expect(page.getByRole("row").filter({ hasText: new Date().toISOString().slice(0, 10) })).toContainText(kroner(revenue));

  // A new order moves the figures without a reload (the dashboard follows the event stream).
  await order(4);
  await expect(page.getByTestId("orders-today")).toHaveText(String(orders + 1));
  await expect(page.getByTestId("revenue-today")).toHaveText(kroner(revenue + 5000));
  await staff.close();
});

test("on a phone the dashboard fits the screen: cards stacked, the chart within the width", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, "staff@stockroom.test");
  await page.goto("/admin");
  const chart = page.locator(".chart svg").first();
  await expect(chart).toBeVisible();
  const box = await chart.boundingBox();
  expect(box!.x + box!.width).toBeLessThanOrEqual(390);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test("customers are not shown the dashboard", async ({ page }) => {
  await signIn(page, "customer@stockroom.test");
  await page.getByTestId("account-link").click();
  await expect(page.getByRole("link", { name: "Back office", exact: true })).toHaveCount(0);
  await page.goto("/admin");
  await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
});
