import { crc32, deflateSync } from "node:zlib";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { GET as imageGet } from "../../src/app/api/images/[name]/route";
import { POST as trpcPost } from "../../src/app/api/trpc/[trpc]/route";
import { getDatabase } from "../../src/server/db";
import { buildOpenApiDocument } from "../../src/server/rest/document";
import { apiKey, expectTrpcError, guestCaller, newProduct, userCaller, withEnv } from "./helpers";
import { origin, signedIn } from "./http-session";
import { POST as restPost } from "../../src/app/api/v1/[...path]/route";

/** A real picture: a gradient (so it does not compress to nothing), with EXIF that must not reach the variants. */
async function photo(width: number, height: number, format: "jpeg" | "png" = "jpeg"): Promise<Uint8Array> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < pixels.length; i += 3) {
    const p = i / 3;
    pixels[i] = (p % width) % 256;
    pixels[i + 1] = Math.floor(p / width) % 256;
    pixels[i + 2] = (p * 7) % 256;
  }
  const image = sharp(pixels, { raw: { width, height, channels: 3 } }).withExif({ IFD0: { Copyright: "Taken at 52.52N 13.40E" } });
  return new Uint8Array(await (format === "jpeg" ? image.jpeg({ quality: 85 }) : image.png()).toBuffer());
}

/** A valid PNG header claiming `width` × `height` pixels, with only the first rows' data (all zero) after it. */
function pngBomb(width: number, height: number): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = deflateSync(Buffer.alloc((width * 3 + 1) * 4));
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk("IHDR", header),
      chunk("IDAT", rows),
      chunk("IEND", Buffer.alloc(0)),
    ]),
  );
}

function file(bytes: Uint8Array | string, name: string, type: string): File {
  return new File([typeof bytes === "string" ? bytes : (bytes as Uint8Array<ArrayBuffer>)], name, { type });
}

async function fetchVariant(url: string, headers: Record<string, string> = {}) {
  const res = await imageGet(new Request(`${origin}${url}`, { headers }));
  return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
}

/** POST /api/v1/products/{id}/images as an integrator sends it: multipart/form-data. */
async function restUpload(productId: string, key: string, fields: Record<string, string | File>) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  const res = await restPost(
    new Request(`${origin}/api/v1/products/${productId}/images`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}` },
      body: form,
    }),
  );
  return {
    status: res.status,
    body: (await res.json()) as { data: { images: { id: string }[] } | null; errors: { code: string; field?: string }[] | null },
  };
}

async function stored() {
  const { db } = getDatabase();
  return { images: await db.productImage.count(), blobs: await db.imageBlob.count() };
}

describe("product images", () => {
  it("staff add a picture: resized WebP variants without the upload's metadata, served for ever by content, on the storefront, audited and announced", async () => {
    const product = await newProduct({ stock: 3 });
    const staff = await userCaller("staff");
    const upload = await photo(1600, 1200);
    const { images } = await staff.products.addImage({
      productId: product.id,
      alt: "  A blue mug on a table ",
      file: file(upload, "mug.jpg", "image/jpeg"),
    });
    expect(images).toHaveLength(1);
    const [image] = images;
    expect(image).toMatchObject({ alt: "A blue mug on a table", position: 0, width: 1600, height: 1200 });
    expect(image!.urls.thumb).toMatch(/^\/api\/images\/[0-9a-f]{64}-160\.webp$/);

    const full = await fetchVariant(image!.urls.full);
    expect(full.res.status).toBe(200);
    expect(full.res.headers.get("content-type")).toBe("image/webp");
    expect(full.res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const meta = await sharp(full.bytes).metadata();
    expect(meta).toMatchObject({ format: "webp", width: 1200, height: 900 });
    expect(meta.exif).toBeUndefined();
    expect((await sharp((await fetchVariant(image!.urls.thumb)).bytes).metadata()).width).toBe(160);
    // The name is the content: a client that has it gets a 304.
    const again = await fetchVariant(image!.urls.card, {
      "if-none-match": (await fetchVariant(image!.urls.card)).res.headers.get("etag")!,
    });
    expect(again.res.status).toBe(304);
    expect((await fetchVariant(image!.urls.card.replace(/^(\/api\/images\/)./, "$1z"))).res.status).toBe(404);
    expect((await fetchVariant("/api/images/..%2F..%2Fetc%2Fpasswd")).res.status).toBe(404);

    const guest = guestCaller();
    expect((await guest.storefront.byId({ id: product.id })).images).toEqual(images);
    const page = await guest.storefront.list({ limit: 100, search: product.name });
    expect(page.items.find((item) => item.id === product.id)?.image).toEqual(image);
    expect((await staff.products.byId({ id: product.id })).images).toEqual(images);
    expect((await staff.products.list({ limit: 100, search: product.sku })).items.find((p) => p.id === product.id)?.image).toEqual(image);

    const { db } = getDatabase();
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "products.addImage", targetId: product.id } });
    expect(audit.outcome).toBe("ALLOWED");
    expect(JSON.stringify(audit.diff)).toContain('"alt":"A blue mug on a table"');
    const event = await db.event.findFirstOrThrow({ where: { type: "product.updated", subjectId: product.id }, orderBy: { seq: "desc" } });
    expect(event.payload).toMatchObject({ productId: product.id, changed: ["images"] });
  });

  it("a gallery: reordered, the main one chosen, alt changed, removed; bytes stored once per picture and deleted with its last user", async () => {
    const staff = await userCaller("staff");
    const [one, two] = [await newProduct(), await newProduct()];
    const first = await photo(400, 300);
    const second = await photo(300, 400, "png");
    await staff.products.addImage({ productId: one.id, alt: "Front", file: file(first, "a.jpg", "image/jpeg") });
    const added = await staff.products.addImage({ productId: one.id, alt: "Back", file: file(second, "b.png", "image/png") });
    expect(added.images.map((i) => [i.alt, i.position])).toEqual([
      ["Front", 0],
      ["Back", 1],
    ]);
    // The second becomes the main picture; the storefront's card follows (its cached page was dropped).
    expect((await guestCaller().storefront.list({ limit: 100, search: one.name })).items[0]?.image?.alt).toBe("Front");
    const moved = await staff.products.updateImage({
      productId: one.id,
      imageId: added.images[1]!.id,
      position: 0,
      alt: "Back, with label",
    });
    expect(moved.images.map((i) => [i.alt, i.position])).toEqual([
      ["Back, with label", 0],
      ["Front", 1],
    ]);
    expect((await guestCaller().storefront.list({ limit: 100, search: one.name })).items[0]?.image?.alt).toBe("Back, with label");
    await expectTrpcError(
      staff.products.addImage({ productId: one.id, alt: "Again", file: file(first, "c.jpg", "image/jpeg") }),
      "CONFLICT",
      "IMAGE_DUPLICATE",
    );
    await expectTrpcError(
      staff.products.updateImage({ productId: two.id, imageId: added.images[1]!.id, position: 0 }),
      "NOT_FOUND",
      "IMAGE_NOT_FOUND",
    );

    // The same picture on another product: stored once, kept while either shows it.
    const before = await stored();
    const shared = await staff.products.addImage({ productId: two.id, alt: "Front", file: file(first, "a.jpg", "image/jpeg") });
    expect((await stored()).blobs).toBe(before.blobs);
    const frontOfOne = moved.images.find((i) => i.alt === "Front")!;
    const left = await staff.products.removeImage({ productId: one.id, imageId: frontOfOne.id });
    expect(left.images.map((i) => [i.alt, i.position])).toEqual([["Back, with label", 0]]);
    expect((await fetchVariant(shared.images[0]!.urls.thumb)).res.status).toBe(200);
    await staff.products.removeImage({ productId: two.id, imageId: shared.images[0]!.id });
    expect((await stored()).blobs).toBe(before.blobs - 3);
    const { db } = getDatabase();
    expect(await db.imageBlob.count({ where: { key: { startsWith: `images/${shared.images[0]!.urls.thumb.slice(12, 76)}` } } })).toBe(0);
  });

  it("hostile uploads over REST: each a clear 4xx naming the field, nothing stored", async () => {
    const product = await newProduct();
    const { secret } = await apiKey(["products:write"]);
    const before = await stored();
    const expectRefused = async (fields: Record<string, string | File>, status: number, code: string, field?: string) => {
      const res = await restUpload(product.id, secret, fields);
      expect(res.status, code).toBe(status);
      expect(res.body.errors?.[0]).toMatchObject({ code, ...(field ? { field } : {}) });
    };
    await expectRefused(
      { alt: "x", file: file("just text, named like a picture", "photo.jpg", "image/jpeg") },
      415,
      "IMAGE_TYPE_NOT_ACCEPTED",
      "file",
    );
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>';
    await expectRefused({ alt: "x", file: file(svg, "logo.svg", "image/svg+xml") }, 415, "IMAGE_TYPE_NOT_ACCEPTED", "file");
    // A decompression bomb: a PNG of 60,000 × 60,000 pixels in a few hundred bytes (10 GiB decoded).
    await expectRefused(
      { alt: "x", file: file(pngBomb(60_000, 60_000), "bomb.png", "image/png") },
      422,
      "IMAGE_DIMENSIONS_TOO_LARGE",
      "file",
    );
    const jpeg = await photo(800, 600);
    await expectRefused({ alt: "x", file: file(jpeg.subarray(0, 2_000), "cut.jpg", "image/jpeg") }, 422, "IMAGE_UNREADABLE", "file");
    await expectRefused({ alt: "   ", file: file(jpeg, "ok.jpg", "image/jpeg") }, 400, "INVALID_INPUT", "alt");
    await expectRefused({ alt: "x", file: "not a file" }, 400, "INVALID_INPUT", "file");
    await expectRefused({ alt: "x", file: file(new Uint8Array(), "empty.jpg", "image/jpeg") }, 400, "IMAGE_EMPTY", "file");
    const json = await restPost(
      new Request(`${origin}/api/v1/products/${product.id}/images`, {
        method: "POST",
        headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
        body: JSON.stringify({ alt: "x", file: "aGVsbG8=" }),
      }),
    );
    expect(json.status).toBe(415);
    await withEnv({ IMAGE_MAX_BYTES: "20000" }, async () => {
      // Over the file limit, within the form's room: read, then refused by its size before it is looked at.
      await expectRefused(
        { alt: "x", file: file(new Uint8Array(30_000).fill(0xff), "big.jpg", "image/jpeg") },
        413,
        "IMAGE_TOO_LARGE",
        "file",
      );
      // Past the file limit and the form's room, the body is not read at all.
      await expectRefused({ alt: "x", file: file(new Uint8Array(200_000), "huge.jpg", "image/jpeg") }, 413, "BODY_TOO_LARGE", "file");
    });
    expect(await stored()).toEqual(before);
    const { secret: readOnly } = await apiKey(["products:read"]);
    expect((await restUpload(product.id, readOnly, { alt: "x", file: file(jpeg, "ok.jpg", "image/jpeg") })).status).toBe(403);
    expect(await stored()).toEqual(before);
  });

  it("REST: 201 with the gallery, at most IMAGE_MAX_PER_PRODUCT, described as multipart/form-data in the OpenAPI document", async () => {
    const product = await newProduct();
    const { secret } = await apiKey(["products:write"]);
    await withEnv({ IMAGE_MAX_PER_PRODUCT: "2" }, async () => {
      for (const size of [200, 210]) {
        const res = await restUpload(product.id, secret, { alt: `${size}`, file: file(await photo(size, size), "p.jpg", "image/jpeg") });
        expect(res.status).toBe(201);
      }
      const third = await restUpload(product.id, secret, { alt: "third", file: file(await photo(220, 220), "p.jpg", "image/jpeg") });
      expect(third.status).toBe(422);
      expect(third.body.errors?.[0]).toMatchObject({ code: "IMAGE_LIMIT_REACHED", field: "file" });
    });
    expect(
      (await restUpload("no-such-product", secret, { alt: "x", file: file(await photo(50, 50), "p.jpg", "image/jpeg") })).body.errors?.[0],
    ).toMatchObject({
      code: "PRODUCT_NOT_FOUND",
      field: "productId",
    });
    const operation = (
      buildOpenApiDocument().paths as Record<
        string,
        Record<
          string,
          { requestBody: { content: Record<string, { schema: { properties: Record<string, unknown>; required: string[] } }> } }
        >
      >
    )["/products/{productId}/images"]!.post!;
    const form = operation.requestBody.content["multipart/form-data"]!.schema;
    expect(form.properties.file).toMatchObject({ type: "string", format: "binary" });
    expect(form.required).toEqual(expect.arrayContaining(["alt", "file"]));
  });

  it("the web app's upload over tRPC: FormData, bounded by the upload limit rather than the JSON one", async () => {
    const product = await newProduct();
    const jar = await signedIn("staff@stockroom.test");
    const post = (form: FormData) =>
      trpcPost(
        new Request(`${origin}/api/trpc/products.addImage`, { method: "POST", headers: { cookie: jar.header(), origin }, body: form }),
      );
    // Bigger than the JSON limit (here 64 KiB), well under the image limit.
    const big = await photo(700, 700, "png");
    expect(big.byteLength).toBeGreaterThan(65_536);
    await withEnv({ BODY_LIMIT_JSON_BYTES: "65536" }, async () => {
      const form = new FormData();
      form.append("productId", product.id);
      form.append("alt", "Large");
      form.append("file", file(big, "large.png", "image/png"));
      const res = await post(form);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { result: { data: { json: { images: { alt: string }[] } } } };
      expect(body.result.data.json.images.map((i) => i.alt)).toEqual(["Large"]);

      const twice = new FormData();
      twice.append("productId", product.id);
      twice.append("productId", "other");
      twice.append("alt", "x");
      twice.append("file", file(big, "large.png", "image/png"));
      const refused = await post(twice);
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as { error: { json: { data: { reason: string } } } }).error.json.data.reason).toBe("DUPLICATE_FIELD");
    });
  });
});
