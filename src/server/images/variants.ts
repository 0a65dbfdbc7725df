/**
 * The sizes an image is served at, and where each lives: content-addressed by the SHA-256 of the uploaded
 * file, so a URL names exactly one set of bytes and may be cached for ever.
 */

/** Widths (pixels, at most; never enlarged) the pages use: catalog thumbnails, product cards, the gallery. */
export const imageVariants = { thumb: 160, card: 480, full: 1200 } as const;
export type ImageVariant = keyof typeof imageVariants;
export const variantWidths: readonly number[] = Object.values(imageVariants);

/** Every variant is WebP: supported by every current browser, a third to half the size of a JPEG. */
export const VARIANT_MEDIA_TYPE = "image/webp";

/** The URL path the web app and integrators load a variant from (src/app/api/images/[name]/route.ts). */
export const IMAGE_PATH_PREFIX = "/api/images/";

/** The storage key of one variant: `images/<sha256>/<width>.webp`. */
export function variantKey(hash: string, width: number): string {
  return `images/${hash}/${width}.webp`;
}

/** `/api/images/<sha256>-<width>.webp`. */
export function variantUrl(hash: string, width: number): string {
  return `${IMAGE_PATH_PREFIX}${hash}-${width}.webp`;
}

/** The storage key a URL name (`<sha256>-<width>.webp`) stands for, or null for anything else. */
export function keyOfName(name: string): string | null {
  const match = /^([0-9a-f]{64})-(\d{2,4})\.webp$/.exec(name);
  if (!match || !variantWidths.includes(Number(match[2]))) return null;
  return variantKey(match[1]!, Number(match[2]));
}

/** Every variant's URL of an image, by use. */
export function variantUrls(hash: string): Record<ImageVariant, string> {
  return {
    thumb: variantUrl(hash, imageVariants.thumb),
    card: variantUrl(hash, imageVariants.card),
    full: variantUrl(hash, imageVariants.full),
  };
}
