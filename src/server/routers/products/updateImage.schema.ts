import { z } from "zod";
import { text, wholeNumber } from "../../validation/text";
import { imageAltField } from "./addImage.schema";
import { productIdField } from "./product.fields";

/** New alt text, a new place in the gallery (0 makes it the main picture; the others move along), or both. */
export const updateImageInput = z
  .object({
    productId: productIdField,
    imageId: text().trim().min(1).max(64),
    alt: imageAltField.optional(),
    position: wholeNumber().min(0).max(99).optional(),
  })
  .refine((input) => input.alt !== undefined || input.position !== undefined, { message: "Send alt, position or both", path: ["alt"] });
export type UpdateImageInput = z.infer<typeof updateImageInput>;
