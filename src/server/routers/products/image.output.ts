import { z } from "zod";
import type { DbClient } from "../../db";
import { imageVariants, variantUrls } from "../../images/variants";

/** A product's picture: its alt text, size, place (0 is the main one) and the URLs of its resized variants. */
export const productImageOutput = z.object({
  id: z.string(),
  alt: z.string(),
  position: z.number().int(),
  width: z.number().int(),
  height: z.number().int(),
  urls: z
    .object({ thumb: z.string(), card: z.string(), full: z.string() })
    .describe(
      `WebP variants at most ${imageVariants.thumb}, ${imageVariants.card} and ${imageVariants.full} pixels wide and high; content-addressed, cacheable for ever`,
    ),
});
export type ProductImageOutput = z.infer<typeof productImageOutput>;

/** A product's pictures in order, after a change to them. */
export const productImagesOutput = z.object({ productId: z.string(), images: z.array(productImageOutput) });

const imageSelect = { id: true, productId: true, alt: true, position: true, width: true, height: true, hash: true } as const;

function toProductImage(row: {
  id: string;
  alt: string;
  position: number;
  width: number;
  height: number;
  hash: string;
}): ProductImageOutput {
  const { id, alt, position, width, height, hash } = row;
  return { id, alt, position, width, height, urls: variantUrls(hash) };
}

/** A product's pictures in order. */
export async function imagesOf(db: DbClient, productId: string): Promise<ProductImageOutput[]> {
  const rows = await db.productImage.findMany({ where: { productId }, orderBy: { position: "asc" }, select: imageSelect });
  return rows.map(toProductImage);
}

/** The main picture (position 0) of each product, in one query: a catalog page's thumbnails. */
export async function mainImagesOf(db: DbClient, productIds: string[]): Promise<Map<string, ProductImageOutput>> {
  if (!productIds.length) return new Map();
  const rows = await db.productImage.findMany({ where: { productId: { in: productIds }, position: 0 }, select: imageSelect });
  return new Map(rows.map((row) => [row.productId, toProductImage(row)]));
}
