/**
 * Deterministic demo data for development and tests: the same products, prices and users on every
 * run (fixed PRNG seed), written with upserts so seeding twice changes nothing.
 * Demo accounts are listed in docs/seed-data.md.
 */
import { DEMO_PASSWORD, demoUsers } from "../src/server/auth/demo-accounts";
import { hashPassword } from "../src/server/auth/passwords";
import type { Db } from "../src/server/db/client";
import { seedPictures } from "./seed-pictures";

export const SEED = 20261122;

/** Refused unless explicitly allowed: demo data must never land in a production database by accident. */
export class SeedRefusedError extends Error {
  override name = "SeedRefusedError";
}

export function assertSeedAllowed(env: Record<string, string | undefined>, allowProduction: boolean) {
  if (env.NODE_ENV === "production" && !allowProduction && env.SEED_ALLOW_PRODUCTION !== "1") {
    throw new SeedRefusedError(
      "refusing to seed demo data with NODE_ENV=production; pass --allow-production (or SEED_ALLOW_PRODUCTION=1) if you mean it",
    );
  }
}

/** mulberry32: tiny, fast, and deterministic across platforms. */
export function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const lines = [
  { prefix: "MUG", noun: "Mug", base: 1200, words: ["Stoneware", "Enamel", "Travel", "Espresso", "Speckled", "Glazed"] },
  { prefix: "TEE", noun: "T-Shirt", base: 2400, words: ["Organic", "Heavyweight", "Striped", "Pocket", "Vintage", "Linen"] },
  { prefix: "NBK", noun: "Notebook", base: 900, words: ["Dotted", "Ruled", "Pocket", "Hardcover", "Kraft", "Grid"] },
  { prefix: "BAG", noun: "Tote Bag", base: 1800, words: ["Canvas", "Waxed", "Market", "Mesh", "Denim", "Recycled"] },
  { prefix: "CDL", noun: "Candle", base: 1600, words: ["Cedar", "Fig", "Sea Salt", "Amber", "Lavender", "Smoked"] },
  { prefix: "PLN", noun: "Planter", base: 2200, words: ["Terracotta", "Concrete", "Hanging", "Ceramic", "Self-Watering", "Ribbed"] },
  { prefix: "PEN", noun: "Pen", base: 450, words: ["Brass", "Gel", "Fountain", "Fineliner", "Bamboo", "Click"] },
  { prefix: "BLK", noun: "Blanket", base: 6900, words: ["Wool", "Waffle", "Picnic", "Knitted", "Fleece", "Herringbone"] },
];

const descriptions = [
  "Made in small batches by a family workshop.",
  "A bestseller since our first market stall.",
  "Built to last; backed by a two-year guarantee.",
  "Packed plastic-free and shipped within two working days.",
  "Each piece varies slightly: that is the charm.",
];

export interface SeedProduct {
  sku: string;
  name: string;
  description: string;
  priceMinor: number;
  currency: string;
  stock: number;
  lowStockThreshold: number;
  active: boolean;
}

/** The catalog the seed writes: 48 products, 3 of them inactive, some out of stock. */
export function seedProducts(): SeedProduct[] {
  const random = prng(SEED);
  const products: SeedProduct[] = [];
  for (const line of lines) {
    line.words.forEach((word, i) => {
      const price = line.base + Math.floor(random() * 20) * 50 - 5; // e.g. 1195, 1645: shop-style prices
      const stock = random() < 0.12 ? 0 : Math.floor(random() * 120);
      products.push({
        sku: `${line.prefix}-${String(i + 1).padStart(3, "0")}`,
        name: `${word} ${line.noun}`,
        description: `${word} ${line.noun.toLowerCase()}. ${descriptions[Math.floor(random() * descriptions.length)]}`,
        priceMinor: price,
        currency: "EUR",
        stock,
        lowStockThreshold: 10,
        active: true,
      });
    });
  }
  // A few archived products, so "inactive products stay hidden" is visible in the demo data.
  for (const index of [5, 20, 41]) products[index]!.active = false;
  return products;
}

export { DEMO_PASSWORD, demoUsers };

export async function seedDatabase(db: Db): Promise<{ products: number; users: number }> {
  const products = seedProducts();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const existing = new Set((await db.product.findMany({ select: { sku: true } })).map((p) => p.sku));
  // The demo orders sold some of the stock: a new product is received with what it has now plus what
  // they sold, and each order's SALE movements (seedOrders) bring it to its stock, so the ledger is whole.
  const sold = new Map<string, number>();
  for (const order of demoOrders) for (const [sku, quantity] of order.lines) sold.set(sku, (sold.get(sku) ?? 0) + quantity);
  await db.$transaction([
    ...demoUsers.map((u) =>
      db.user.upsert({
        where: { email: u.email },
        create: { ...u, passwordHash },
        update: { name: u.name, role: u.role, active: true, passwordHash },
      }),
    ),
    // Re-seeding restores names and prices but leaves stock alone: stock only changes through the ledger.
    ...products.map(({ stock, ...p }) =>
      existing.has(p.sku)
        ? db.product.update({ where: { sku: p.sku }, data: p })
        : db.product.create({
            data: {
              ...p,
              stock,
              stockMovements:
                stock + (sold.get(p.sku) ?? 0)
                  ? {
                      create: {
                        delta: stock + (sold.get(p.sku) ?? 0),
                        reason: "RECEIVED",
                        note: "Demo stock",
                        stockAfter: stock + (sold.get(p.sku) ?? 0),
                        actorType: "SYSTEM",
                      },
                    }
                  : undefined,
            },
          }),
    ),
  ]);
  const received = new Set(products.filter((p) => !existing.has(p.sku)).map((p) => p.sku));
  await seedOrders(db, received);
  await seedPictures(db);
  return { products: products.length, users: demoUsers.length };
}

/** A few orders so that "my orders" and the back office have something to show (fixed ids: re-seeding keeps them). */
export const demoOrders = [
  {
    id: "seed-order-1",
    customer: "customer@stockroom.test",
    status: "DELIVERED",
    lines: [
      ["MUG-001", 2],
      ["PEN-001", 1],
    ],
  },
  { id: "seed-order-2", customer: "customer@stockroom.test", status: "PENDING", lines: [["NBK-002", 1]] },
  { id: "seed-order-3", customer: "customer2@stockroom.test", status: "PAID", lines: [["CDL-003", 3]] },
] as const;

/** The statuses an order passed through to reach `status` (the main line of the lifecycle). */
const lifecycle = ["PENDING", "PAID", "FULFILLED", "SHIPPED", "DELIVERED"] as const;

/**
 * `received`: the products this run created, whose opening stock included what the demo orders sold; their
 * sales are written to the ledger (a product that was already there before keeps its ledger as it was).
 */
async function seedOrders(db: Db, received: Set<string>) {
  const staff = await db.user.findUniqueOrThrow({ where: { email: "staff@stockroom.test" } });
  const level = new Map<string, number>();
  for (const order of demoOrders) {
    if (await db.order.findUnique({ where: { id: order.id }, select: { id: true } })) continue;
    const customer = await db.user.findUniqueOrThrow({ where: { email: order.customer } });
    const lines = [];
    const sales = [];
    for (const [sku, quantity] of order.lines) {
      const product = await db.product.findUniqueOrThrow({ where: { sku } });
      if (received.has(sku)) {
        const before = level.get(sku) ?? (await db.stockMovement.findFirstOrThrow({ where: { productId: product.id } })).stockAfter;
        level.set(sku, before - quantity);
        sales.push({
          productId: product.id,
          delta: -quantity,
          reason: "SALE" as const,
          stockAfter: before - quantity,
          actorType: "USER" as const,
          actorId: customer.id,
        });
      }
      lines.push({
        productId: product.id,
        sku,
        name: product.name,
        unitPriceMinor: product.priceMinor,
        quantity,
        lineTotalMinor: product.priceMinor * quantity,
      });
    }
    const subtotalMinor = lines.reduce((sum, line) => sum + line.lineTotalMinor, 0);
    await db.order.create({
      data: {
        id: order.id,
        customerId: customer.id,
        status: order.status,
        currency: "EUR",
        subtotalMinor,
        totalMinor: subtotalMinor,
        lines: { create: lines },
        stockMovements: { create: sales },
        // Its history up to its status: placed by the customer, moved on by staff, an hour apart.
        history: {
          create: lifecycle.slice(0, lifecycle.indexOf(order.status) + 1).map((toStatus, i, steps) => ({
            fromStatus: i === 0 ? null : steps[i - 1]!,
            toStatus,
            actorType: "USER" as const,
            actorId: i === 0 ? customer.id : staff.id,
            at: new Date(Date.now() - (steps.length - i) * 3_600_000),
          })),
        },
      },
    });
  }
}
