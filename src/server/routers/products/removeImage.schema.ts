import { z } from "zod";
import { text } from "../../validation/text";
import { productIdField } from "./product.fields";

export const removeImageInput = z.object({ productId: productIdField, imageId: text().trim().min(1).max(64) });
export type RemoveImageInput = z.infer<typeof removeImageInput>;
