/**
 * npm run bench:web -- --origin http://127.0.0.1:3000 [--runs 5]
 *
 * Lighthouse-style page figures of a running production server, in Debian's Chromium (Playwright): the
 * storefront (`/`) and the first product's page, each loaded `runs` times in a fresh browser context (no
 * cache), with the CPU slowed 4x and the network at 150 ms round trips and 1.6 Mbit/s down (Lighthouse's
 * mobile settings, applied through the DevTools protocol). Prints the median of each figure:
 *
 * - FCP: first contentful paint;
 * - LCP: largest contentful paint (the last candidate before the page settles);
 * - products shown: when the first product's name is in the page (the figure a shopper waits for);
 * - TBT: total blocking time, the part over 50 ms of every main-thread task after FCP;
 * - requests: tRPC requests the page made by itself after loading (0 when the server sent the data).
 */
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { chromium, type Browser } from "playwright";
import { percentile } from "./figures";

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { origin: { type: "string" }, runs: { type: "string", default: "5" } },
  strict: true,
});
if (!values.origin) {
  console.error("error: --origin <the production server's URL> is required (npm run build && npm start first)");
  process.exit(1);
}
const origin = values.origin.replace(/\/$/, "");
const runs = Number(values.runs);

interface Figures {
  fcp: number;
  lcp: number;
  productsShown: number;
  tbt: number;
  trpcRequests: number;
}

async function measure(browser: Browser, path: string, productText: string): Promise<Figures> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 150,
    downloadThroughput: (1.6 * 1024 * 1024) / 8,
    uploadThroughput: (750 * 1024) / 8,
  });
  let trpcRequests = 0;
  page.on("request", (r) => {
    if (new URL(r.url()).pathname.startsWith("/api/trpc/")) trpcRequests += 1;
  });
  // Observers registered before any of the page's own scripts run. A string, not a function: tsx's
  // compiled functions call a helper (__name) that does not exist in the page.
  await page.addInitScript(`
    window.__lcp = 0;
    window.__longTasks = [];
    window.__productsShown = 0;
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__lcp = e.startTime; })
      .observe({ type: "largest-contentful-paint", buffered: true });
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration }); })
      .observe({ type: "longtask", buffered: true });
    (function check() {
      if (document.body && document.body.innerText.includes(${JSON.stringify(productText)})) window.__productsShown = performance.now();
      else requestAnimationFrame(check);
    })();
  `);
  await page.goto(`${origin}${path}`, { waitUntil: "networkidle" });
  await page.waitForFunction(() => (window as unknown as { __productsShown: number }).__productsShown > 0, undefined, { timeout: 60_000 });
  // Let late tasks and the final LCP candidate land.
  await page.waitForTimeout(1_000);
  const figures = await page.evaluate(() => {
    const w = window as unknown as { __lcp: number; __longTasks: { start: number; duration: number }[]; __productsShown: number };
    const fcp = performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? 0;
    const tbt = w.__longTasks.filter((t) => t.start >= fcp).reduce((sum, t) => sum + Math.max(0, t.duration - 50), 0);
    return { fcp, lcp: w.__lcp, productsShown: w.__productsShown, tbt };
  });
  await context.close();
  return { ...figures, trpcRequests };
}

const median = (list: number[]) => Math.round(percentile(list, 50));

const executablePath =
  process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH || (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);
const browser = await chromium.launch({
  executablePath,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
try {
  const first = (await (await fetch(`${origin}/api/v1/storefront/products?limit=1`)).json()) as { data: { id: string; name: string }[] };
  const product = first.data[0]!;
  console.log(`${origin}, ${runs} runs each, CPU 4x slower, 150 ms RTT, 1.6 Mbit/s; medians`);
  console.log("page                 FCP ms   LCP ms   products shown ms   TBT ms   tRPC requests");
  for (const [label, path] of [
    ["/", "/"],
    ["/products/<first>", `/products/${product.id}`],
  ] as const) {
    const all: Figures[] = [];
    for (let i = 0; i < runs; i++) all.push(await measure(browser, path, product.name));
    const pick = (k: keyof Figures) => median(all.map((f) => f[k]));
    console.log(
      `${label.padEnd(20)} ${String(pick("fcp")).padStart(6)} ${String(pick("lcp")).padStart(8)} ${String(pick("productsShown")).padStart(19)} ${String(pick("tbt")).padStart(8)} ${String(pick("trpcRequests")).padStart(15)}`,
    );
  }
} finally {
  await browser.close();
}
