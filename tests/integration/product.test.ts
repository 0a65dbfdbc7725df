import { describe, expect, it } from "vitest";
import { getDatabase } from "../../src/server/db";
import { seedProducts } from "../../prisma/seed";
import { expectTrpcError, guestCaller } from "./helpers";

const activeSeed = seedProducts().filter((p) => p.active);

async function listAll(search?: string, limit = 7) {
  const caller = guestCaller();
  const seen: { id: string; name: string; sku: string }[] = [];
  let cursor: string | null | undefined;
  let pages = 0;
  do {
    const page = await caller.storefront.list({ limit, cursor, search });
    expect(page.items.length).toBeLessThanOrEqual(limit);
    seen.push(...page.items);
    cursor = page.nextCursor;
    pages += 1;
    expect(pages).toBeLessThan(100);
  } while (cursor);
  return seen;
}

function byNameThenId(a: { name: string; id: string }, b: { name: string; id: string }) {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

describe("storefront.list", () => {
  it("returns 20 active products by default, with a cursor to the next page", async () => {
    const page = await guestCaller().storefront.list({});
    expect(page.items).toHaveLength(20);
    expect(page.nextCursor).toEqual(expect.any(String));
    expect(page.items.every((p) => Number.isInteger(p.priceMinor) && p.currency === "EUR")).toBe(true);
  });

  it("pages through every active product once, in a stable name/id order", async () => {
    const all = await listAll();
    expect(all).toHaveLength(activeSeed.length);
    expect(new Set(all.map((p) => p.id)).size).toBe(all.length);
    expect(new Set(all.map((p) => p.sku))).toEqual(new Set(activeSeed.map((p) => p.sku)));
    // Order is by name, then id, and identical on a second walk.
    for (let i = 1; i < all.length; i++) expect(all[i - 1]!.name <= all[i]!.name).toBe(true);
    expect((await listAll()).map((p) => p.id)).toEqual(all.map((p) => p.id));
  });

  it("never lists inactive products", async () => {
    const inactive = seedProducts()
      .filter((p) => !p.active)
      .map((p) => p.sku);
    expect(inactive.length).toBeGreaterThan(0);
    const skus = (await listAll()).map((p) => p.sku);
    for (const sku of inactive) expect(skus).not.toContain(sku);
  });

  it("neither repeats nor skips rows when products are added between pages", async () => {
    const caller = guestCaller();
    const first = await caller.storefront.list({ limit: 10 });
    const last = first.items.at(-1)!;
    // A product sorting before the cursor, and one right after it with the same name.
    await getDatabase().db.product.createMany({
      data: [
        { sku: "ZZ-BEFORE", name: "AAA First Product", priceMinor: 100 },
        { sku: "ZZ-SAME", name: last.name, priceMinor: 100, id: `${last.id}z` },
      ],
    });
    const second = await caller.storefront.list({ limit: 10, cursor: first.nextCursor });
    const firstIds = new Set(first.items.map((p) => p.id));
    expect(second.items.some((p) => firstIds.has(p.id))).toBe(false);
    expect(second.items[0]!.sku).toBe("ZZ-SAME");
    expect(second.items.map((p) => p.sku)).not.toContain("ZZ-BEFORE");
    await getDatabase().db.product.deleteMany({ where: { sku: { in: ["ZZ-BEFORE", "ZZ-SAME"] } } });
  });

  it("searches name and SKU case-insensitively, across pages", async () => {
    const candles = await listAll("CaNdLe", 2);
    const expected = activeSeed.filter((p) => p.name.toLowerCase().includes("candle"));
    expect(candles.map((p) => p.sku).sort()).toEqual(expected.map((p) => p.sku).sort());
    expect(candles.length).toBeGreaterThan(2);

    const bySku = await guestCaller().storefront.list({ search: "mug-00" });
    expect(bySku.items.length).toBeGreaterThan(0);
    expect(bySku.items.every((p) => p.sku.startsWith("MUG-00"))).toBe(true);
    expect([...bySku.items].sort(byNameThenId)).toEqual(bySku.items);
  });

  it("ranks search results by relevance: a whole word before a part of one, then by name", async () => {
    const db = getDatabase().db;
    await db.product.createMany({
      data: [
        { sku: "RANK-1", name: "Zebra Kettlebell Rack", priceMinor: 100 },
        { sku: "RANK-2", name: "Amber Kettle", priceMinor: 100 },
        { sku: "RANK-3", name: "Kettle Copper", priceMinor: 100 },
      ],
    });
    try {
      const found = (await guestCaller().storefront.list({ search: "kettle" })).items.map((p) => p.sku);
      // "Kettle" is a whole word in two names (equally relevant: by name), a part of "Kettlebell" in the third.
      expect(found).toEqual(["RANK-2", "RANK-3", "RANK-1"]);
      // Page by page, the same order without repeats.
      expect((await listAll("kettle", 1)).map((p) => p.sku)).toEqual(found);
    } finally {
      await db.product.deleteMany({ where: { sku: { startsWith: "RANK-" } } });
    }
  });

  it("finds near spellings when nothing contains the text, and nothing when nothing is near", async () => {
    const db = getDatabase().db;
    await db.product.create({ data: { sku: "TYPO-1", name: "Porcelain Teapot", priceMinor: 100 } });
    try {
      expect((await guestCaller().storefront.list({ search: "porcelan" })).items.map((p) => p.sku)).toContain("TYPO-1");
      expect((await guestCaller().storefront.list({ search: "teapots" })).items.map((p) => p.sku)).toContain("TYPO-1");
      expect((await guestCaller().storefront.list({ search: "xylophone" })).items).toEqual([]);
      // Once something contains the text, near spellings are not mixed in.
      const exact = await guestCaller().storefront.list({ search: "teapot", limit: 100 });
      expect(exact.items.every((p) => p.name.toLowerCase().includes("teapot") || p.sku.toLowerCase().includes("teapot"))).toBe(true);
    } finally {
      await db.product.deleteMany({ where: { sku: "TYPO-1" } });
    }
  });

  it("treats search text literally (no SQL wildcards, no injection)", async () => {
    for (const search of ["%", "_", "' OR 1=1 --", "\\"]) {
      const page = await guestCaller().storefront.list({ search });
      expect(page.items, search).toEqual([]);
    }
  });

  it("ignores surrounding whitespace and treats blank search as no filter", async () => {
    const blank = await guestCaller().storefront.list({ search: "   ", limit: 100 });
    expect(blank.items).toHaveLength(activeSeed.length);
  });

  it.each([
    [{ limit: 0 }, "limit"],
    [{ limit: 101 }, "limit"],
    [{ limit: 2.5 }, "limit"],
    [{ cursor: "not-a-cursor" }, "cursor"],
    [{ cursor: Buffer.from('{"a":1}').toString("base64url") }, "cursor"],
    [{ search: "x".repeat(101) }, "search"],
  ])("rejects %j with BAD_REQUEST naming %s", async (input, field) => {
    const error = await expectTrpcError(guestCaller().storefront.list(input), "BAD_REQUEST");
    expect(JSON.stringify(error.cause)).toContain(field);
  });
});

describe("storefront.byId", () => {
  it("returns an active product", async () => {
    const [first] = (await guestCaller().storefront.list({ limit: 1 })).items;
    const product = await guestCaller().storefront.byId({ id: first!.id });
    // The list's card carries the main picture; the product page every picture (the seed gives each one).
    const { image, ...card } = first!;
    const { images, ...detail } = product;
    expect(detail).toEqual(card);
    expect(images).toEqual([image]);
    expect(image?.alt).toBe(product.name);
    expect(product.updatedAt).toBeInstanceOf(Date);
  });

  it("is NOT_FOUND for an unknown id", async () => {
    await expectTrpcError(guestCaller().storefront.byId({ id: "does-not-exist" }), "NOT_FOUND");
  });

  it("is NOT_FOUND for an inactive product", async () => {
    const inactive = await getDatabase().db.product.findFirstOrThrow({ where: { active: false } });
    await expectTrpcError(guestCaller().storefront.byId({ id: inactive.id }), "NOT_FOUND");
  });

  it("rejects an empty id with BAD_REQUEST", async () => {
    await expectTrpcError(guestCaller().storefront.byId({ id: "  " }), "BAD_REQUEST");
  });
});
