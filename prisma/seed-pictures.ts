/**
 * Pictures for the demo catalog: a simple drawing of each product line (mug, T-shirt, notebook, …) in a
 * colour of its own per product, drawn here as SVG and rasterised to PNG, then added through the same
 * checks, variants and storage as an upload (src/server/images). Nothing is downloaded.
 */
import sharp from "sharp";
import type { Db } from "../src/server/db/client";
import { prepareImage } from "../src/server/images/upload";
import { addToGallery } from "../src/server/routers/products/image-changes";

/** The drawing of each product line, in a 400 × 300 box, in `ink` on a light background. */
const drawings: Record<string, (ink: string, accent: string) => string> = {
  MUG: (ink, accent) => `
    <rect x="130" y="90" width="120" height="140" rx="14" fill="${ink}"/>
    <path d="M250 120 h22 a28 28 0 0 1 0 80 h-22" fill="none" stroke="${ink}" stroke-width="16"/>
    <rect x="130" y="120" width="120" height="18" fill="${accent}"/>
    <path d="M165 70 q10 -15 0 -30 M190 70 q10 -15 0 -30 M215 70 q10 -15 0 -30" fill="none" stroke="${ink}" stroke-width="5" stroke-linecap="round" opacity="0.5"/>`,
  TEE: (ink, accent) => `
    <path d="M140 70 l-60 40 l25 45 l30 -15 v115 h130 v-115 l30 15 l25 -45 l-60 -40 q-30 25 -60 0 z" fill="${ink}"/>
    <path d="M170 70 q30 25 60 0" fill="none" stroke="${accent}" stroke-width="8"/>`,
  NBK: (ink, accent) => `
    <rect x="120" y="55" width="160" height="200" rx="8" fill="${ink}"/>
    <rect x="120" y="55" width="22" height="200" fill="${accent}"/>
    <rect x="170" y="100" width="80" height="26" rx="4" fill="#ffffff" opacity="0.85"/>
    <rect x="262" y="55" width="8" height="200" fill="${accent}" opacity="0.7"/>`,
  BAG: (ink, accent) => `
    <path d="M160 110 v-30 a40 40 0 0 1 80 0 v30" fill="none" stroke="${accent}" stroke-width="10"/>
    <path d="M115 110 h170 l-15 150 h-140 z" fill="${ink}"/>
    <rect x="170" y="160" width="60" height="40" rx="6" fill="${accent}" opacity="0.8"/>`,
  CDL: (ink, accent) => `
    <rect x="150" y="120" width="100" height="130" rx="10" fill="${ink}"/>
    <rect x="150" y="150" width="100" height="40" fill="${accent}"/>
    <line x1="200" y1="120" x2="200" y2="100" stroke="#333333" stroke-width="4"/>
    <path d="M200 55 q22 30 0 45 q-22 -15 0 -45 z" fill="#f5a524"/>`,
  PLN: (ink, accent) => `
    <path d="M200 150 q-10 -60 -60 -80 q40 0 60 50 q20 -60 60 -70 q-50 30 -60 100" fill="#3f8f4f"/>
    <path d="M135 150 h130 l-18 105 h-94 z" fill="${ink}"/>
    <rect x="128" y="145" width="144" height="22" rx="6" fill="${accent}"/>`,
  PEN: (ink, accent) => `
    <g transform="rotate(-35 200 150)">
      <rect x="80" y="135" width="200" height="30" rx="12" fill="${ink}"/>
      <path d="M280 135 l50 15 l-50 15 z" fill="${accent}"/>
      <rect x="110" y="125" width="70" height="10" rx="5" fill="${accent}"/>
    </g>`,
  BLK: (ink, accent) => `
    <rect x="95" y="80" width="210" height="150" rx="18" fill="${ink}"/>
    <path d="M95 120 h210 M95 160 h210 M95 200 h210 M140 80 v150 M200 80 v150 M260 80 v150" stroke="${accent}" stroke-width="7" opacity="0.7"/>
    <path d="M110 230 v16 M130 230 v16 M150 230 v16 M170 230 v16 M190 230 v16 M210 230 v16 M230 230 v16 M250 230 v16 M270 230 v16 M290 230 v16" stroke="${ink}" stroke-width="4"/>`,
};

/** A colour per product from its SKU: a hue, then a light background, a strong ink and a lighter accent. */
function palette(sku: string): { background: string; ink: string; accent: string } {
  let hash = 0;
  for (const char of sku) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  // Spread apart: neighbouring SKUs (MUG-001, MUG-002) get clearly different colours.
  const hue = (hash * 47) % 360;
  return { background: `hsl(${hue}, 45%, 92%)`, ink: `hsl(${hue}, 45%, 38%)`, accent: `hsl(${(hue + 40) % 360}, 55%, 62%)` };
}

/** A 1,200 × 900 PNG of the product's line, or null for a SKU of no known line. */
export async function productPicture(sku: string): Promise<Uint8Array | null> {
  const draw = drawings[sku.split("-")[0]!];
  if (!draw) return null;
  const { background, ink, accent } = palette(sku);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="900" viewBox="0 0 400 300">
    <rect width="400" height="300" fill="${background}"/>
    <ellipse cx="200" cy="262" rx="120" ry="12" fill="#000000" opacity="0.08"/>
    ${draw(ink, accent)}
  </svg>`;
  return new Uint8Array(await sharp(Buffer.from(svg)).png().toBuffer());
}

/**
 * Gives every demo product without a picture its drawing (alt text: its name). Re-seeding leaves pictures
 * staff changed alone. Uses the upload's own checks and variants, and the configured image storage.
 */
export async function seedPictures(db: Db): Promise<number> {
  const bare = await db.product.findMany({ where: { images: { none: {} } }, select: { id: true, sku: true, name: true } });
  let added = 0;
  for (const product of bare) {
    const png = await productPicture(product.sku);
    if (!png) continue;
    // Our own drawings (about 40 KiB each), checked with fixed bounds: the shop's own IMAGE_MAX_* may be lower.
    const image = await prepareImage(new Blob([png as Uint8Array<ArrayBuffer>], { type: "image/png" }), {
      maxBytes: 10 * 1_048_576,
      maxPixels: 50_000_000,
    });
    await addToGallery(db, product.id, product.name, 0, image);
    added++;
  }
  return added;
}
