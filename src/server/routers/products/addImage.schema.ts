import { z } from "zod";
import { text } from "../../validation/text";
import { productIdField } from "./product.fields";

/** Alt text: what the picture shows, for people who cannot see it and for search engines. */
export const imageAltField = text().trim().min(1, "Describe the picture (alt text) for people who cannot see it").max(250);

/** A file from a multipart/form-data request: checked by its content in the handler, not by its name or type. */
export const uploadedFile = z
  .custom<Blob>(
    (value) => typeof value === "object" && value !== null && typeof (value as Blob).arrayBuffer === "function" && "size" in value,
    "Attach the image as a file (multipart/form-data field `file`)",
  )
  .meta({ override: { type: "string", format: "binary", contentMediaType: "image/*" } });

export const addImageInput = z.object({
  productId: productIdField,
  alt: imageAltField,
  file: uploadedFile.describe("A JPEG, PNG, WebP, AVIF or GIF image (checked by its content; no SVG), at most IMAGE_MAX_BYTES (10 MiB)"),
});
export type AddImageInput = z.infer<typeof addImageInput>;
