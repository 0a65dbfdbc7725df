/**
 * The storefront's cached catalog through the procedures, with two app instances on one Redis (each its own
 * connection and cache object): after every kind of product or stock change made on one instance, the
 * other shows the new price, stock or visibility on its very next read.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CatalogCache } from "../../src/server/cache/catalog-cache";
import { redisCacheStore } from "../../src/server/cache/store";
import type { Actor } from "../../src/server/auth/permissions";
import { createInnerContext } from "../../src/server/context";
import { getDatabase } from "../../src/server/db";
import { createCaller } from "../../src/server/routers/_app";
import { testRedis, uniquePrefix } from "../setup/redis";
import { apiKey, newCustomer, newProduct, userActor } from "./helpers";

const prefix = uniquePrefix("catalog");
const redisA = testRedis({ prefix });
const redisB = testRedis({ prefix });
const instanceA = new CatalogCache({ store: redisCacheStore(redisA), ttlSeconds: 300 });
const instanceB = new CatalogCache({ store: redisCacheStore(redisB), ttlSeconds: 300 });

afterAll(async () => {
  await redisA.cleanup();
  await redisB.close();
});

/** A caller on instance A or B. */
const on = (cache: CatalogCache, actor: Actor | null = null) => createCaller(createInnerContext({ db: getDatabase().db, actor, cache }));

let staff: Actor;
beforeAll(async () => {
  staff = await userActor("staff");
});

/** What a shopper on instance A sees of the product, from the page and from a search. */
async function seenOnA(id: string, name: string) {
  const guest = on(instanceA);
  const page = await guest.storefront.byId({ id }).catch(() => null);
  const listed = (await guest.storefront.list({ search: name, limit: 5 })).items.find((p) => p.id === id) ?? null;
  return {
    page: page && { priceMinor: page.priceMinor, stock: page.stock },
    listed: listed && { priceMinor: listed.priceMinor, stock: listed.stock },
  };
}

describe("the catalog cache across two instances", () => {
  it("serves cached reads: a change written behind the app's back is not seen until the entry expires or is invalidated", async () => {
    const product = await newProduct({ stock: 5, priceMinor: 1000 });
    expect(await seenOnA(product.id, product.name)).toEqual({
      page: { priceMinor: 1000, stock: 5 },
      listed: { priceMinor: 1000, stock: 5 },
    });
    await getDatabase().db.product.update({ where: { id: product.id }, data: { priceMinor: 1 } });
    expect(await seenOnA(product.id, product.name)).toEqual({
      page: { priceMinor: 1000, stock: 5 },
      listed: { priceMinor: 1000, stock: 5 },
    });
  });

  it("shows a price change made on the other instance at once", async () => {
    const product = await newProduct({ stock: 5, priceMinor: 1000 });
    await seenOnA(product.id, product.name);
    await on(instanceB, staff).products.update({ id: product.id, priceMinor: 1250 });
    expect(await seenOnA(product.id, product.name)).toEqual({
      page: { priceMinor: 1250, stock: 5 },
      listed: { priceMinor: 1250, stock: 5 },
    });
  });

  it("shows stock changes at once: adjustment, web checkout, integrator order, cancellation", async () => {
    const product = await newProduct({ stock: 10, priceMinor: 500 });
    await seenOnA(product.id, product.name);

    await on(instanceB, staff).stock.adjust({ productId: product.id, delta: 5, reason: "RECEIVED" });
    expect((await seenOnA(product.id, product.name)).page?.stock).toBe(15);

    const customer = await newCustomer();
    const shopper = on(instanceB, customer.actor);
    await shopper.cart.add({ productId: product.id, quantity: 3 });
    await shopper.cart.checkout({ idempotencyKey: `cache-${product.id}-web` });
    expect(await seenOnA(product.id, product.name)).toEqual({
      page: { priceMinor: 500, stock: 12 },
      listed: { priceMinor: 500, stock: 12 },
    });

    const { actor: erp } = await apiKey(["orders:write"]);
    const placed = await on(instanceB, erp).order.create({
      customerId: customer.user.id,
      idempotencyKey: `cache-${product.id}-api`,
      lines: [{ productId: product.id, quantity: 2 }],
    });
    expect((await seenOnA(product.id, product.name)).listed?.stock).toBe(10);

    await on(instanceB, staff).order.transition({ id: placed.id, to: "CANCELLED" });
    expect(await seenOnA(product.id, product.name)).toEqual({
      page: { priceMinor: 500, stock: 12 },
      listed: { priceMinor: 500, stock: 12 },
    });
  });

  it("hides an archived product at once and shows it again when unarchived; a new product is listed at once", async () => {
    const product = await newProduct({ stock: 1 });
    await seenOnA(product.id, product.name);
    await on(instanceB, staff).products.archive({ id: product.id });
    expect(await seenOnA(product.id, product.name)).toEqual({ page: null, listed: null });
    await on(instanceB, staff).products.unarchive({ id: product.id });
    expect((await seenOnA(product.id, product.name)).page).toEqual({ priceMinor: 1500, stock: 1 });

    const name = `Cache Newcomer ${Date.now()}`;
    expect((await on(instanceA).storefront.list({ search: name })).items).toEqual([]);
    const created = await on(instanceB, staff).products.create({
      sku: `NEW-${Date.now()}`,
      name,
      priceMinor: 900,
      currency: "EUR",
      lowStockThreshold: 0,
      initialStock: 0,
    });
    expect((await on(instanceA).storefront.list({ search: name })).items.map((p) => p.id)).toEqual([created.id]);
  });

  it("keeps the cache as it was when a change rolls back (the out-of-stock checkout took nothing)", async () => {
    const product = await newProduct({ stock: 1, priceMinor: 700 });
    await seenOnA(product.id, product.name);
    const customer = await newCustomer();
    const shopper = on(instanceB, customer.actor);
    await shopper.cart.add({ productId: product.id, quantity: 1 });
    await getDatabase().db.cartItem.updateMany({ where: { userId: customer.user.id }, data: { quantity: 2 } });
    await expect(shopper.cart.checkout({ idempotencyKey: `cache-${product.id}-rollback` })).rejects.toThrow();
    expect((await seenOnA(product.id, product.name)).page).toEqual({ priceMinor: 700, stock: 1 });
  });
});
