import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as imageGet } from "../../src/app/api/images/[name]/route";
import { getDatabase } from "../../src/server/db";
import { processSingleton } from "../../src/server/process-singleton";
import { expectTrpcError, newProduct, userCaller, withEnv } from "./helpers";
import { startLocalS3, type LocalS3 } from "../setup/s3";

// The SDK warns once per process that its releases from 2027 need Node 22; this run is on Node 20 on purpose.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

let s3: LocalS3;
beforeAll(async () => {
  s3 = await startLocalS3();
});
afterAll(async () => {
  await s3?.close();
});

/** The keys in the bucket, as S3 lists them. */
async function keysInBucket(): Promise<string[]> {
  const client = new S3Client({
    endpoint: s3.endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
  });
  const listed = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket }));
  return (listed.Contents ?? []).map((object) => object.Key!).sort();
}

/** Forget the process's S3 store and its recently served bytes, so each test reads through to the bucket. */
function freshProcess() {
  processSingleton("imageStore.s3").set(undefined);
  processSingleton("images.recent").set(undefined);
}

describe("product images in S3 (IMAGE_STORAGE=s3, a local S3-compatible server)", () => {
  it("variants go to the bucket under S3_PREFIX, not the database; served from there; deleted after the last user is removed", async () => {
    await withEnv(s3.env, async () => {
      freshProcess();
      const product = await newProduct();
      const staff = await userCaller("staff");
      const bytes = await sharp({ create: { width: 900, height: 600, channels: 3, background: "#3366aa" } })
        .jpeg()
        .toBuffer();
      const { db } = getDatabase();
      const blobsBefore = await db.imageBlob.count();
      const { images } = await staff.products.addImage({
        productId: product.id,
        alt: "Blue",
        file: new File([new Uint8Array(bytes)], "blue.jpg", { type: "image/jpeg" }),
      });
      const hash = images[0]!.urls.thumb.slice("/api/images/".length, "/api/images/".length + 64);
      expect(await keysInBucket()).toEqual([160, 1200, 480].map((w) => `shop-a/images/${hash}/${w}.webp`).sort());
      expect(await db.imageBlob.count()).toBe(blobsBefore);

      const served = await imageGet(new Request(`http://stockroom.test${images[0]!.urls.card}`));
      expect(served.status).toBe(200);
      expect((await sharp(new Uint8Array(await served.arrayBuffer())).metadata()).width).toBe(480);

      await staff.products.removeImage({ productId: product.id, imageId: images[0]!.id });
      // Deleted after the commit, by an effect: wait for the bucket to say so.
      await vi.waitFor(async () => expect(await keysInBucket()).toEqual([]), { timeout: 20_000, interval: 50 });
      freshProcess();
      expect((await imageGet(new Request(`http://stockroom.test${images[0]!.urls.card}`))).status).toBe(404);
    });
  });

  it("the bucket unreachable: an upload fails with nothing recorded, and serving is a 503 with Retry-After", async () => {
    await withEnv({ ...s3.env, S3_ENDPOINT: "http://127.0.0.1:9" }, async () => {
      freshProcess();
      const product = await newProduct();
      const staff = await userCaller("staff");
      const bytes = await sharp({ create: { width: 50, height: 50, channels: 3, background: "#aa3366" } })
        .png()
        .toBuffer();
      await expectTrpcError(
        staff.products.addImage({
          productId: product.id,
          alt: "Red",
          file: new File([new Uint8Array(bytes)], "red.png", { type: "image/png" }),
        }),
        "SERVICE_UNAVAILABLE",
        "IMAGE_STORE_UNAVAILABLE",
      );
      const { db } = getDatabase();
      expect(await db.productImage.count({ where: { productId: product.id } })).toBe(0);
      const res = await imageGet(new Request(`http://stockroom.test/api/images/${"a".repeat(64)}-160.webp`));
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBeTruthy();
    });
    freshProcess();
  });
});
