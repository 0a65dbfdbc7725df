import type { ActorContext } from "../../context";
import type { DbClient } from "../../db";
import { imageStoreFor } from "../../images/storage";
import type { PreparedImage } from "../../images/upload";
import { productNotFound } from "./errors";
import { recordProductUpdated, type ProductEventRow } from "./product-events";

export type ProductForImages = ProductEventRow & { imageCount: number };

/** Holds `key` until the transaction ends (another transaction asking for it waits). */
async function advisoryLock(db: DbClient, key: string): Promise<void> {
  await db.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`;
}

/**
 * The product and how many images it has, with its gallery locked for the rest of the transaction: changes
 * to one product's gallery (positions, the limit) happen one at a time. The lock is an advisory one on the
 * gallery, not the product's row, so checkouts of the product never wait for a picture. PRODUCT_NOT_FOUND
 * (on `productId`) when there is no such product.
 */
export async function lockProductForImages(db: DbClient, productId: string): Promise<ProductForImages> {
  await advisoryLock(db, `gallery:${productId}`);
  const row = await db.product.findUnique({
    where: { id: productId },
    select: { id: true, sku: true, name: true, priceMinor: true, currency: true, active: true },
  });
  if (!row) throw productNotFound(productId, "productId");
  return { ...row, imageCount: await db.productImage.count({ where: { productId } }) };
}

/**
 * Stores a checked picture's variants and adds it to the product's gallery at `position` (the gallery is
 * locked by the caller, or nobody else writes it: the seed). The bytes are written under their own lock
 * (see `lockImageBytes`).
 */
export async function addToGallery(db: DbClient, productId: string, alt: string, position: number, image: PreparedImage) {
  await lockImageBytes(db, image.hash);
  await imageStoreFor(db).put(image.objects);
  const { hash, width, height, format, byteSize } = image;
  return db.productImage.create({
    data: { productId, hash, alt, position, width, height, format, byteSize },
    select: { id: true },
  });
}

/** After a gallery change: cached catalog pages drop the product, and `product.updated` says `images` changed. */
export async function recordImagesChanged(ctx: Pick<ActorContext, "actor" | "db" | "unit">, product: ProductForImages) {
  await ctx.unit.productsChanged([product.id]);
  await recordProductUpdated(ctx, ctx.actor, product, ["images"]);
}

/**
 * Holds the picture's content hash for the rest of the transaction: an upload storing these bytes and a
 * removal deleting them never interleave (a removal that found no other user of the bytes cannot delete
 * them under an upload that is about to use them).
 */
export function lockImageBytes(db: DbClient, hash: string): Promise<void> {
  return advisoryLock(db, `image:${hash}`);
}

/** Whether any product still shows the picture with this hash. */
export async function imageBytesInUse(db: DbClient, hash: string): Promise<boolean> {
  return (await db.productImage.count({ where: { hash } })) > 0;
}
