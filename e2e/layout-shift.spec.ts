/** No layout shift on load: the cumulative layout shift of the main pages stays under 0.1 ("good"). */
import type { Page } from "@playwright/test";
import { expect, pageSettled, signIn, test } from "./fixtures";

async function layoutShift(page: Page, path: string): Promise<number> {
  await page.goto(path);
  await pageSettled(page);
  // The shifts recorded so far (buffered), delivered to the observer before the second frame after it starts.
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        let total = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) {
            if (!entry.hadRecentInput) total += entry.value;
          }
        }).observe({ type: "layout-shift", buffered: true });
        requestAnimationFrame(() => requestAnimationFrame(() => resolve(total)));
      }),
  );
}

test("the catalog, a product, the cart and the back office load without layout shift", async ({ page }) => {
  const shifts: Record<string, number> = {};
  shifts["/"] = await layoutShift(page, "/");
  await signIn(page, "staff@stockroom.test");
  for (const path of ["/cart", "/orders", "/admin/products", "/admin/orders"]) shifts[path] = await layoutShift(page, path);
  for (const [path, value] of Object.entries(shifts)) expect(value, `CLS of ${path}`).toBeLessThan(0.1);
});
