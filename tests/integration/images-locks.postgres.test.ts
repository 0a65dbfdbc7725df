import { describe, expect, it } from "vitest";
import { getDatabase } from "../../src/server/db";
import { lockProductForImages } from "../../src/server/routers/products/image-changes";
import { newCustomer, newProduct, unique } from "./helpers";

describe("a gallery change in progress", () => {
  it("holds its product's gallery, not the product: a checkout of the product goes through meanwhile", async () => {
    const product = await newProduct({ stock: 5 });
    const { caller } = await newCustomer();
    const { db } = getDatabase();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const lockTaken = new Promise<void>((resolve) => (locked = resolve));
    // Another connection takes the gallery's lock, as an upload does, and keeps its transaction open.
    const upload = db.$transaction(async (tx) => {
      expect(await lockProductForImages(tx, product.id)).toMatchObject({ id: product.id, imageCount: 0 });
      locked();
      await held;
    });
    await lockTaken;
    try {
      const order = await caller.order.create({ idempotencyKey: unique("gallery"), lines: [{ productId: product.id, quantity: 2 }] });
      expect(order.status).toBe("PENDING");
      expect((await db.product.findUniqueOrThrow({ where: { id: product.id } })).stock).toBe(3);
    } finally {
      release();
      await upload;
    }
  });
});
