import type { ActorContext } from "../../context";
import { appError } from "../../errors";
import { lockProductForImages, recordImagesChanged } from "./image-changes";
import { imagesOf } from "./image.output";
import type { UpdateImageInput } from "./updateImage.schema";

export function imageNotFound(imageId: string) {
  return appError("NOT_FOUND", "IMAGE_NOT_FOUND", `This product has no image ${imageId}`, { field: "imageId", imageId });
}

/** Changes a picture's alt text or moves it (position 0: the main picture); the others keep their order. */
export async function updateImageHandler({
  ctx,
  input,
}: {
  ctx: Pick<ActorContext, "actor" | "audit" | "db" | "unit">;
  input: UpdateImageInput;
}) {
  ctx.audit.describe({ targetType: "Product", targetId: input.productId });
  const product = await lockProductForImages(ctx.db, input.productId);
  const order = await ctx.db.productImage.findMany({
    where: { productId: input.productId },
    orderBy: { position: "asc" },
    select: { id: true, alt: true, position: true },
  });
  const image = order.find((row) => row.id === input.imageId);
  if (!image) throw imageNotFound(input.imageId);
  if (input.alt !== undefined && input.alt !== image.alt) {
    await ctx.db.productImage.update({ where: { id: image.id }, data: { alt: input.alt } });
    ctx.audit.describe({ diff: { [`image ${image.id} alt`]: [image.alt, input.alt] } });
  }
  if (input.position !== undefined) {
    const target = Math.min(input.position, order.length - 1);
    const ids = order.map((row) => row.id).filter((id) => id !== image.id);
    ids.splice(target, 0, image.id);
    const moves = ids
      .map((id, position) => ({ id, position }))
      .filter(({ id, position }) => order.find((row) => row.id === id)!.position !== position);
    for (const { id, position } of moves) await ctx.db.productImage.update({ where: { id }, data: { position } });
    if (moves.length) ctx.audit.describe({ diff: { [`image ${image.id} position`]: [image.position, target] } });
  }
  await recordImagesChanged(ctx, product);
  return { productId: input.productId, images: await imagesOf(ctx.db, input.productId) };
}
