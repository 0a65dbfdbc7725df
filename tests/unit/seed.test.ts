import { describe, expect, it } from "vitest";
import { assertSeedAllowed, demoUsers, SeedRefusedError, seedProducts } from "../../prisma/seed";

describe("seed data", () => {
  it("is the same on every run", () => {
    expect(seedProducts()).toEqual(seedProducts());
  });

  it("is a realistic catalog: 48 products, unique SKUs, integer prices, some archived and some out of stock", () => {
    const products = seedProducts();
    expect(products).toHaveLength(48);
    expect(new Set(products.map((p) => p.sku)).size).toBe(48);
    expect(products.every((p) => Number.isInteger(p.priceMinor) && p.priceMinor > 0)).toBe(true);
    expect(products.filter((p) => !p.active)).toHaveLength(3);
    expect(products.some((p) => p.stock === 0)).toBe(true);
  });

  it("has demo users of every role", () => {
    expect(new Set(demoUsers.map((u) => u.role))).toEqual(new Set(["ADMIN", "STAFF", "CUSTOMER"]));
  });

  it("refuses a production database unless explicitly allowed", () => {
    expect(() => assertSeedAllowed({ NODE_ENV: "production" }, false)).toThrow(SeedRefusedError);
    expect(() => assertSeedAllowed({ NODE_ENV: "production" }, true)).not.toThrow();
    expect(() => assertSeedAllowed({ NODE_ENV: "production", SEED_ALLOW_PRODUCTION: "1" }, false)).not.toThrow();
    expect(() => assertSeedAllowed({ NODE_ENV: "development" }, false)).not.toThrow();
  });
});
