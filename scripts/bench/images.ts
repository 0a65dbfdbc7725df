/**
 * `npm run bench:images`: product pictures, on PostgreSQL with the default database storage.
 *
 * 1. Upload and resize: ten different 4000 × 3000 JPEGs (a detailed picture, about the size of a phone
 *    photo) added to products through products.addImage in process, as the back office calls it; the
 *    check-and-resize step alone (three WebP variants) is timed apart from the whole call.
 * 2. Thumbnails served per second: the production server (`npm start -- --api-only`, the same fast path
 *    as `npm start`) under wrk, 8 connections, on a thumbnail URL; and reads of a thumbnail from the image
 *    store in process (what an instance that has not served it yet does).
 *
 *   npm run bench:images
 *   npm run bench:images -- --duration 10     wrk's measured seconds (default 4)
 *
 * Needs PostgreSQL (TEST_POSTGRES_URL, default postgresql://postgres@127.0.0.1:5432/postgres) and Redis;
 * makes and drops a database of its own.
 */
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { databaseImageStore } from "../../src/server/images/storage";
import { prepareImage } from "../../src/server/images/upload";
import { variantKey } from "../../src/server/images/variants";
import { percentile } from "./figures";
import { wrk } from "./measure";
import { durationSeconds, stockroomNode } from "./options";
import { startServer, stockroomEnv } from "./servers";
import { ensureWrk } from "./tools";
import { withScratchDatabase } from "./scratch-database";

const UPLOADS = 10;
const WIDTH = 4000;
const HEIGHT = 3000;

/** A detailed 4000 × 3000 picture (waves and fine stripes, so it compresses like a photo, not like a flat colour). */
async function photo(seed: number): Promise<Uint8Array> {
  const pixels = Buffer.alloc(WIDTH * HEIGHT * 3);
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) {
      const i = (y * WIDTH + x) * 3;
      pixels[i] = 128 + 127 * Math.sin((x + seed * 37) / 23 + y / 71);
      pixels[i + 1] = 128 + 127 * Math.sin(y / 17 + seed);
      pixels[i + 2] = (x * y + seed * 997) % 251;
    }
  }
  return new Uint8Array(
    await sharp(pixels, { raw: { width: WIDTH, height: HEIGHT, channels: 3 } })
      .jpeg({ quality: 85 })
      .toBuffer(),
  );
}

const ms = (values: number[], p: number) => `${percentile(values, p).toFixed(0)} ms`;

async function main() {
  ensureWrk();
  await withScratchDatabase("images", "ADMIN", async ({ url, db, caller }) => {
    let server: Awaited<ReturnType<typeof startServer>> | null = null;
    try {
      const files = await Promise.all(Array.from({ length: UPLOADS }, (_, i) => photo(i)));
      const sizes = files.map((f) => f.byteLength / 1_048_576);
      console.log(`${UPLOADS} JPEGs of ${WIDTH} × ${HEIGHT}, ${Math.min(...sizes).toFixed(1)}-${Math.max(...sizes).toFixed(1)} MiB each\n`);

      const limits = { maxBytes: 10 * 1_048_576, maxPixels: 50_000_000 };
      const resize: number[] = [];
      for (const bytes of files) {
        const start = performance.now();
        await prepareImage(new Blob([bytes as Uint8Array<ArrayBuffer>]), limits);
        resize.push(performance.now() - start);
      }
      const whole: number[] = [];
      let thumb = "";
      for (const [i, bytes] of files.entries()) {
        const product = await db.product.create({
          data: { sku: `IMG-BENCH-${i}`, name: `Bench picture ${i}`, priceMinor: 100, currency: "EUR" },
        });
        const start = performance.now();
        const { images } = await caller.products.addImage({
          productId: product.id,
          alt: `Bench picture ${i}`,
          file: new File([bytes as Uint8Array<ArrayBuffer>], "photo.jpg", { type: "image/jpeg" }),
        });
        whole.push(performance.now() - start);
        thumb = images[0]!.urls.thumb;
      }
      console.log("| upload of a 4000 × 3000 JPEG | p50 | p95 | max |");
      console.log("|---|---|---|---|");
      console.log(`| check + resize to 3 WebP variants | ${ms(resize, 50)} | ${ms(resize, 95)} | ${ms(resize, 100)} |`);
      console.log(
        `| whole products.addImage call (+ store, transaction, audit, event) | ${ms(whole, 50)} | ${ms(whole, 95)} | ${ms(whole, 100)} |`,
      );

      // A thumbnail read from the store, as an instance that has not served it yet does.
      const store = databaseImageStore(db);
      const key = variantKey(thumb.slice("/api/images/".length, "/api/images/".length + 64), 160);
      const reads = 2_000;
      const readStart = performance.now();
      for (let i = 0; i < reads; i++) await store.get(key);
      const readSeconds = (performance.now() - readStart) / 1000;

      const port = 3390;
      server = await startServer(
        "stockroom",
        [...stockroomNode, "scripts/server.ts", "--api-only", "-H", "127.0.0.1", "-p", String(port)],
        { ...stockroomEnv(url, `bench-images-${process.pid}:`, port), LOG_LEVEL: "warn" },
        port,
        path.join(tmpdir(), "stockroom-bench-images.log"),
      );
      const requests = path.join(tmpdir(), `stockroom-bench-images-${process.pid}.txt`);
      writeFileSync(requests, `GET\t${thumb}\t\t\n`);
      await wrk(server.origin, requests, 8, 1);
      const served = await wrk(server.origin, requests, 8, durationSeconds);
      const ok = served.statuses["200"] ?? 0;
      const perSecond = served.requests / (served.duration_us / 1_000_000);
      console.log("\n| thumbnails (160 px WebP) | per second | p50 | p99 |");
      console.log("|---|---|---|---|");
      console.log(
        `| served over HTTP by the production server, 8 connections, ${durationSeconds} s (${ok} × 200 of ${served.requests}) | ${perSecond.toFixed(0)} | ${(served.p50 / 1000).toFixed(1)} ms | ${(served.p99 / 1000).toFixed(1)} ms |`,
      );
      console.log(`| read from the database store in process, one at a time | ${(reads / readSeconds).toFixed(0)} | | |`);
    } finally {
      await server?.stop();
    }
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
