/**
 * An uploaded image, checked by its content and turned into the variants pages load. Everything about the
 * file is hostile until shown otherwise: its name and declared type are ignored, its first bytes say what it
 * is, its header says how many pixels it would decode to (checked before anything is decoded), and a file
 * that does not decode fully is refused. The variants carry no metadata (EXIF, GPS) from the upload.
 */
import { createHash } from "node:crypto";
import sharp, { type Metadata } from "sharp";
import { appError } from "../errors";
import { describeBytes } from "../http/body";
import { variantKey, variantWidths, VARIANT_MEDIA_TYPE } from "./variants";

/** Formats accepted, by what their first bytes say. SVG is not: it is a document that can carry scripts. */
export const acceptedFormats = ["jpeg", "png", "webp", "avif", "gif"] as const;
export type ImageFormat = (typeof acceptedFormats)[number];

export interface ImageLimits {
  maxBytes: number;
  maxPixels: number;
}

export interface PreparedImage {
  hash: string;
  format: ImageFormat;
  width: number;
  height: number;
  byteSize: number;
  /** The variants to store, by key. */
  objects: { key: string; mediaType: string; bytes: Uint8Array }[];
}

/** What the first bytes say the file is (magic numbers), or null. */
export function sniffFormat(bytes: Uint8Array): ImageFormat | null {
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "jpeg";
  if (ascii(0, 8) === "\x89PNG\r\n\x1a\n") return "png";
  if (ascii(0, 6) === "GIF87a" || ascii(0, 6) === "GIF89a") return "gif";
  if (ascii(0, 4) === "RIFF" && ascii(8, 12) === "WEBP") return "webp";
  if (ascii(4, 8) === "ftyp" && ["avif", "avis"].includes(ascii(8, 12))) return "avif";
  return null;
}

function refused(code: Parameters<typeof appError>[0], reason: string, message: string) {
  return appError(code, reason, message, { field: "file" });
}

/** Reads, checks and resizes an upload; throws a 4xx naming the `file` field for anything not acceptable. */
export async function prepareImage(file: Blob, limits: ImageLimits): Promise<PreparedImage> {
  if (file.size > limits.maxBytes) {
    throw refused("PAYLOAD_TOO_LARGE", "IMAGE_TOO_LARGE", `The image is larger than ${describeBytes(limits.maxBytes)}`);
  }
  if (file.size === 0) throw refused("BAD_REQUEST", "IMAGE_EMPTY", "The file is empty");
  const bytes = new Uint8Array(await file.arrayBuffer());
  const format = sniffFormat(bytes);
  if (!format) {
    throw refused(
      "UNSUPPORTED_MEDIA_TYPE",
      "IMAGE_TYPE_NOT_ACCEPTED",
      "The file is not a JPEG, PNG, WebP, AVIF or GIF image (checked by its content; SVG is not accepted)",
    );
  }
  // The header alone: sizes are known before a pixel is decoded, so a small file that would decode to
  // gigabytes (a decompression bomb) is refused here.
  const options = { limitInputPixels: limits.maxPixels, failOn: "error" as const, animated: false };
  let metadata: Metadata;
  try {
    // No pixel limit here: sharp would refuse a bomb as unreadable; the size is checked below, by name.
    metadata = await sharp(bytes, { ...options, limitInputPixels: false }).metadata();
  } catch {
    throw refused("UNPROCESSABLE_CONTENT", "IMAGE_UNREADABLE", `The file starts like a ${format.toUpperCase()} image but cannot be read`);
  }
  const width = metadata.autoOrient?.width ?? metadata.width;
  const height = metadata.autoOrient?.height ?? metadata.height;
  if (!width || !height) throw refused("UNPROCESSABLE_CONTENT", "IMAGE_UNREADABLE", "The image has no size");
  if (width * height > limits.maxPixels) {
    throw refused(
      "UNPROCESSABLE_CONTENT",
      "IMAGE_DIMENSIONS_TOO_LARGE",
      `The picture is ${width} × ${height} pixels; at most ${limits.maxPixels.toLocaleString("en")} pixels are accepted`,
    );
  }
  const hash = createHash("sha256").update(bytes).digest("hex");
  let objects: PreparedImage["objects"];
  try {
    // One decode, then one resize per width (sharp clones the decoded input).
    const source = sharp(bytes, options).rotate();
    objects = await Promise.all(
      variantWidths.map(async (variantWidth) => ({
        key: variantKey(hash, variantWidth),
        mediaType: VARIANT_MEDIA_TYPE,
        bytes: new Uint8Array(
          await source
            .clone()
            .resize({ width: variantWidth, height: variantWidth, fit: "inside", withoutEnlargement: true })
            .webp({ quality: 80 })
            .toBuffer(),
        ),
      })),
    );
  } catch {
    // Truncated or corrupt data past the header shows only when the pixels are decoded.
    throw refused("UNPROCESSABLE_CONTENT", "IMAGE_UNREADABLE", `The ${format.toUpperCase()} image is damaged and cannot be decoded`);
  }
  return { hash, format, width, height, byteSize: bytes.byteLength, objects };
}
