import { Prisma } from "@/generated/prisma/client";
import type { ActorContext } from "../../context";
import type { DbClient } from "../../db";
import { recordProductUpdated } from "./product-events";

export interface ProductForImages {
  id: string;
  sku: string;
  name: string;
  priceMinor: number;
  currency: string;
  active: boolean;
  imageCount: number;
}

/**
 * The product and how many images it has, with its gallery locked for the rest of the transaction: changes
 * to one product's gallery (positions, the limit) happen one at a time. The lock is an advisory one on the
 * gallery, not the product's row, so checkouts of the product never wait for a picture. Null when there is
 * no such product.
 */
export async function lockProductForImages(db: DbClient, productId: string): Promise<ProductForImages | null> {
  await db.$queryRaw(Prisma.sql`SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtextextended(${`gallery:${productId}`}, 0))) AS locked`);
  const row = await db.product.findUnique({
    where: { id: productId },
    select: { id: true, sku: true, name: true, priceMinor: true, currency: true, active: true },
  });
  if (!row) return null;
  return { ...row, imageCount: await db.productImage.count({ where: { productId } }) };
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
export async function lockImageBytes(db: DbClient, hash: string): Promise<void> {
  await db.$queryRaw(Prisma.sql`SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtextextended(${`image:${hash}`}, 0))) AS locked`);
}

/** Whether any product still shows the picture with this hash. */
export async function imageBytesInUse(db: DbClient, hash: string): Promise<boolean> {
  return (await db.productImage.count({ where: { hash } })) > 0;
}
