import type { ActorContext } from "../../context";
import { getServerConfig } from "../../config";
import { appError } from "../../errors";
import { prepareImage } from "../../images/upload";
import type { AddImageInput } from "./addImage.schema";
import { productNotFound } from "./errors";
import { addToGallery, lockProductForImages, recordImagesChanged } from "./image-changes";
import { imagesOf } from "./image.output";

/**
 * Adds a picture at the end of the product's gallery (the first one becomes the main one). The file is
 * checked and resized before anything is written; its variants are stored by content, so the same picture
 * uploaded twice for one product is refused, and for two products is stored once.
 */
export async function addImageHandler({
  ctx,
  input,
}: {
  ctx: Pick<ActorContext, "actor" | "audit" | "db" | "unit">;
  input: AddImageInput;
}) {
  const settings = getServerConfig().images;
  ctx.audit.describe({ targetType: "Product", targetId: input.productId });
  // An unknown product is refused before its file is resized (the lock below checks again, under the lock).
  if (!(await ctx.db.product.findUnique({ where: { id: input.productId }, select: { id: true } }))) {
    throw productNotFound(input.productId, "productId");
  }
  // The file is checked and resized before the gallery is locked: concurrent changes to the same gallery
  // wait for the few statements that follow, not for the resize.
  const image = await prepareImage(input.file, settings);
  const product = await lockProductForImages(ctx.db, input.productId);
  if (product.imageCount >= settings.maxPerProduct) {
    throw appError(
      "UNPROCESSABLE_CONTENT",
      "IMAGE_LIMIT_REACHED",
      `A product has at most ${settings.maxPerProduct} images; remove one first`,
      {
        field: "file",
        limit: settings.maxPerProduct,
      },
    );
  }
  if (
    await ctx.db.productImage.findUnique({
      where: { productId_hash: { productId: input.productId, hash: image.hash } },
      select: { id: true },
    })
  ) {
    throw appError("CONFLICT", "IMAGE_DUPLICATE", "This product already has this picture", { field: "file" });
  }
  const created = await addToGallery(ctx.db, input.productId, input.alt, product.imageCount, image);
  const { format, width, height, byteSize, hash } = image;
  ctx.audit.describe({ diff: { image: [null, { id: created.id, alt: input.alt, format, width, height, byteSize, hash }] } });
  await recordImagesChanged(ctx, product);
  return { productId: input.productId, images: await imagesOf(ctx.db, input.productId) };
}
