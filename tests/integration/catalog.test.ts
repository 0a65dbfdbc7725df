import { describe, expect, it } from "vitest";
import { getDatabase } from "../../src/server/db";
import { productsForSitemap } from "../../src/server/routers/storefront/sitemap";
import { apiKey, expectTrpcError, guestCaller, invalidFields, newCustomer, newProduct, unique, userCaller } from "./helpers";

describe("catalog management", () => {
  it("creates a product with its opening stock in the ledger, and the storefront shows it", async () => {
    const staff = await userCaller("staff");
    const sku = unique("mug").toLowerCase();
    const product = await staff.products.create({
      sku,
      name: "Test Mug",
      priceMinor: 1299,
      currency: "usd",
      initialStock: 7,
      lowStockThreshold: 2,
    });
    expect(product).toMatchObject({ sku: sku.toUpperCase(), currency: "USD", stock: 7, active: true, lowStock: false });
    const movements = await staff.stock.movements({ productId: product.id });
    expect(movements.items).toMatchObject([{ delta: 7, reason: "RECEIVED", stockAfter: 7, actorType: "USER" }]);
    expect(await guestCaller().storefront.byId({ id: product.id })).toMatchObject({ priceMinor: 1299 });
  });

  it("refuses a taken SKU with CONFLICT on the sku field, on create and on update", async () => {
    const staff = await userCaller("staff");
    const a = await newProduct();
    const b = await newProduct();
    const created = await expectTrpcError(
      staff.products.create({ sku: a.sku.toLowerCase(), name: "Dup", priceMinor: 1 }),
      "CONFLICT",
      "SKU_TAKEN",
    );
    expect(created.cause).toMatchObject({ details: { field: "sku" } });
    await expectTrpcError(staff.products.update({ id: b.id, sku: a.sku }), "CONFLICT", "SKU_TAKEN");
    expect((await staff.products.byId({ id: b.id })).sku).toBe(b.sku);
  });

  it("rejects floating-point money, unknown currencies and bad SKUs field by field", async () => {
    const staff = await userCaller("staff");
    const error = await expectTrpcError(
      staff.products.create({ sku: "ok-1", name: "X", priceMinor: 12.5, currency: "EUX" }),
      "BAD_REQUEST",
    );
    expect(invalidFields(error).sort()).toEqual(["currency", "priceMinor"]);
    await expectTrpcError(staff.products.create({ sku: "no spaces", name: "X", priceMinor: 1 }), "BAD_REQUEST");
  });

  it("updates only the given fields and records the change in the audit trail", async () => {
    const staff = await userCaller("staff");
    const product = await newProduct({ priceMinor: 1000 });
    const updated = await staff.products.update({ id: product.id, priceMinor: 1250, name: "Renamed" });
    expect(updated).toMatchObject({ priceMinor: 1250, name: "Renamed", sku: product.sku, stock: product.stock });
    const audit = await getDatabase().db.auditEvent.findFirstOrThrow({ where: { action: "products.update", targetId: product.id } });
    expect(audit.diff).toEqual({ priceMinor: [1000, 1250], name: [product.name, "Renamed"] });
  });

  it("archiving hides a product from the storefront and checkout but keeps its order history", async () => {
    const staff = await userCaller("staff");
    const product = await newProduct({ stock: 5 });
    const { caller } = await newCustomer();
    const order = await caller.order.create({ idempotencyKey: unique("key"), lines: [{ productId: product.id, quantity: 1 }] });
    await staff.products.archive({ id: product.id });
    await expectTrpcError(guestCaller().storefront.byId({ id: product.id }), "NOT_FOUND");
    await expectTrpcError(
      caller.order.create({ idempotencyKey: unique("key"), lines: [{ productId: product.id, quantity: 1 }] }),
      "UNPROCESSABLE_CONTENT",
      "PRODUCT_UNAVAILABLE",
    );
    expect((await caller.order.byId({ id: order.id })).lines[0]).toMatchObject({ productId: product.id, name: product.name });
    expect(await staff.products.byId({ id: product.id })).toMatchObject({ active: false });
    await staff.products.unarchive({ id: product.id });
    expect(await guestCaller().storefront.byId({ id: product.id })).toMatchObject({ id: product.id });
  });

  it("archives several products at once, all or none; an unknown id is named by its place", async () => {
    const staff = await userCaller("staff");
    const [a, b, already] = await Promise.all([newProduct(), newProduct(), newProduct()]);
    await staff.products.archive({ id: already.id });

    const refused = await expectTrpcError(
      staff.products.archiveMany({ ids: [a.id, "no-such-product", b.id] }),
      "NOT_FOUND",
      "PRODUCT_NOT_FOUND",
    );
    expect(refused.cause).toMatchObject({ details: { field: "ids.1" } });
    expect((await staff.products.byId({ id: a.id })).active).toBe(true);
    await expectTrpcError(staff.products.archiveMany({ ids: [a.id, a.id] }), "BAD_REQUEST");
    await expectTrpcError(staff.products.archiveMany({ ids: [] }), "BAD_REQUEST");

    const { products } = await staff.products.archiveMany({ ids: [b.id, already.id, a.id] });
    expect(products.map((p) => [p.id, p.active])).toEqual([
      [b.id, false],
      [already.id, false],
      [a.id, false],
    ]);
    await expectTrpcError(guestCaller().storefront.byId({ id: a.id }), "NOT_FOUND");
    // One product.archived event for each product this call archived; none again for the one already archived.
    const events = await getDatabase().db.event.findMany({
      where: { type: "product.archived", subjectId: { in: [a.id, b.id, already.id] } },
      select: { subjectId: true },
    });
    expect(events.map((e) => e.subjectId).sort()).toEqual([a.id, b.id, already.id].sort());
    await expectTrpcError((await userCaller("customer")).products.archiveMany({ ids: [a.id] }), "FORBIDDEN");
  });

  it("needs stock:write for opening stock: a products:write key creates, but not with stock", async () => {
    const { caller } = await apiKey(["products:write"]);
    const error = await expectTrpcError(
      caller.products.create({ sku: unique("K"), name: "Key product", priceMinor: 100, initialStock: 3 }),
      "FORBIDDEN",
      "PERMISSION_DENIED",
    );
    expect(error.cause).toMatchObject({ details: { field: "initialStock" } });
    expect(await caller.products.create({ sku: unique("K"), name: "Key product", priceMinor: 100 })).toMatchObject({ stock: 0 });
  });
});

describe("catalog list for staff", () => {
  /** Every page of a listing, following nextCursor. */
  async function allPages(list: (cursor: string | null) => Promise<{ items: { id: string }[]; nextCursor: string | null }>) {
    const ids: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 100; page++) {
      const result = await list(cursor);
      ids.push(...result.items.map((i) => i.id));
      cursor = result.nextCursor;
      if (!cursor) return ids;
    }
    throw new Error("pagination did not end");
  }

  it.each([
    ["name", "asc"],
    ["price", "desc"],
    ["stock", "asc"],
    ["updated", "desc"],
  ] as const)("sorted by %s %s, pages of 7 cover every product once, in order", async (sort, direction) => {
    const staff = await userCaller("staff");
    const ids = await allPages((cursor) => staff.products.list({ sort, order: direction, limit: 7, cursor }));
    const { db } = getDatabase();
    const column = { name: "name", price: "priceMinor", stock: "stock", updated: "updatedAt" }[sort];
    const expected = await db.product.findMany({ orderBy: [{ [column]: direction }, { id: direction }], select: { id: true } });
    expect(ids).toEqual(expected.map((p) => p.id));
  });

  it("filters by status, low stock and text, and lists low stock emptiest first", async () => {
    const staff = await userCaller("staff");
    const word = unique("Zebra");
    const low = await newProduct({ name: `${word} low`, stock: 2, lowStockThreshold: 5 });
    const fine = await newProduct({ name: `${word} fine`, stock: 50, lowStockThreshold: 5 });
    const archived = await newProduct({ name: `${word} archived`, stock: 0, lowStockThreshold: 5 });
    await staff.products.archive({ id: archived.id });

    const names = async (input: Parameters<typeof staff.products.list>[0]) => (await staff.products.list(input)).items.map((p) => p.name);
    expect(await names({ search: word.toLowerCase() })).toEqual([`${word} archived`, `${word} fine`, `${word} low`]);
    expect(await names({ search: word, status: "active" })).toEqual([`${word} fine`, `${word} low`]);
    expect(await names({ search: word, status: "archived" })).toEqual([`${word} archived`]);
    expect(await names({ search: word, lowStock: true })).toEqual([`${word} archived`, `${word} low`]);

    const lowStock = await staff.products.lowStock({ limit: 100 });
    expect(lowStock.items.map((p) => p.id)).toContain(low.id);
    expect(lowStock.items.map((p) => p.id)).not.toContain(fine.id);
    expect(lowStock.items.map((p) => p.id)).not.toContain(archived.id);
    expect(lowStock.items.every((p) => p.lowStock && p.active)).toBe(true);
    const stocks = lowStock.items.map((p) => p.stock);
    expect(stocks).toEqual([...stocks].sort((a, b) => a - b));
  });

  it("treats search text literally and refuses a cursor from another sort or a forged one", async () => {
    const staff = await userCaller("staff");
    expect((await staff.products.list({ search: "%" })).items).toEqual([]);
    const page = await staff.products.list({ sort: "price", limit: 2 });
    await expectTrpcError(staff.products.list({ sort: "name", cursor: page.nextCursor }), "BAD_REQUEST", "CURSOR_MISMATCH");
    const forged = Buffer.from(JSON.stringify(["price", "asc", "not a number", "x"])).toString("base64url");
    await expectTrpcError(staff.products.list({ sort: "price", cursor: forged }), "BAD_REQUEST", "INVALID_CURSOR");
  });

  it("is for staff, admins and keys with products:read; customers and guests are refused", async () => {
    await expectTrpcError((await userCaller("customer")).products.list(), "FORBIDDEN");
    await expectTrpcError(guestCaller().products.list(), "UNAUTHORIZED");
    const { caller } = await apiKey(["products:read"]);
    expect((await caller.products.list({ status: "archived" })).items.length).toBeGreaterThan(0);
  });
});

describe("the sitemap's products", () => {
  it("are the products on sale, each with when it last changed, up to the limit asked", async () => {
    const staff = await userCaller("staff");
    const onSale = await newProduct();
    const archived = await newProduct();
    await staff.products.archive({ id: archived.id });
    const { db } = getDatabase();
    const listed = await productsForSitemap(db);
    const ids = listed.map((p) => p.id);
    expect(ids).toContain(onSale.id);
    expect(ids).not.toContain(archived.id);
    expect(listed.length).toBe(await db.product.count({ where: { active: true } }));
    expect(listed.find((p) => p.id === onSale.id)!.updatedAt).toBeInstanceOf(Date);
    expect(await productsForSitemap(db, 3)).toEqual(listed.slice(0, 3));
  });
});
