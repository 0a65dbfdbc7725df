import type { ActorContext } from "../../context";
import { getLogger } from "../../logger";
import { getDatabase } from "../../db";
import { imageStoreFor } from "../../images/storage";
import { variantKey, variantWidths } from "../../images/variants";
import { imageBytesInUse, lockImageBytes, lockProductForImages, recordImagesChanged } from "./image-changes";
import { imagesOf } from "./image.output";
import type { RemoveImageInput } from "./removeImage.schema";
import { imageNotFound } from "./updateImage.handler";

/**
 * Removes a picture; those after it move up (removing the main one makes the next the main one). Its bytes
 * go when no product shows them any more: in the same transaction when they are in the database, after the
 * commit (checked again under the bytes' lock) when they are in S3.
 */
export async function removeImageHandler({
  ctx,
  input,
}: {
  ctx: Pick<ActorContext, "actor" | "audit" | "db" | "unit">;
  input: RemoveImageInput;
}) {
  ctx.audit.describe({ targetType: "Product", targetId: input.productId });
  const product = await lockProductForImages(ctx.db, input.productId);
  const image = await ctx.db.productImage.findFirst({
    where: { id: input.imageId, productId: input.productId },
    select: { id: true, alt: true, hash: true, position: true },
  });
  if (!image) throw imageNotFound(input.imageId);
  await ctx.db.productImage.delete({ where: { id: image.id } });
  await ctx.db.productImage.updateMany({
    where: { productId: input.productId, position: { gt: image.position } },
    data: { position: { decrement: 1 } },
  });
  ctx.audit.describe({ diff: { image: [{ id: image.id, alt: image.alt, hash: image.hash }, null] } });
  const store = imageStoreFor(ctx.db);
  const keys = variantWidths.map((width) => variantKey(image.hash, width));
  if (store.kind === "database") {
    await lockImageBytes(ctx.db, image.hash);
    if (!(await imageBytesInUse(ctx.db, image.hash))) await store.delete(keys);
  } else {
    ctx.unit.afterCommit(() => {
      void getDatabase()
        .db.$transaction(async (tx) => {
          await lockImageBytes(tx, image.hash);
          if (!(await imageBytesInUse(tx, image.hash))) await store.delete(keys);
        })
        .catch((error: unknown) =>
          getLogger().error("a removed image's bytes could not be deleted from S3 (they stay, unused)", { hash: image.hash, error }),
        );
    });
  }
  await recordImagesChanged(ctx, product);
  return { productId: input.productId, images: await imagesOf(ctx.db, input.productId) };
}
