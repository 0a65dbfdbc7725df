/**
 * Where image bytes live, behind one small interface with two real backends (IMAGE_STORAGE): the database
 * (the default: nothing else to run, in every backup, written in the upload's own transaction) and an
 * S3-compatible bucket (production at scale: bytes off the database, any number of instances). Keys are
 * content-addressed (./variants.ts), so a put of an existing key writes the same bytes again.
 */
import { DeleteObjectsCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { getServerConfig, type S3Settings } from "../config";
import type { DbClient } from "../db";
import { appError } from "../errors";
import { getLogger } from "../logger";
import { processSingleton } from "../process-singleton";

export interface StoredObject {
  key: string;
  mediaType: string;
  bytes: Uint8Array;
}

export interface ImageStore {
  readonly kind: "database" | "s3";
  put(objects: StoredObject[]): Promise<void>;
  /** The object, or null when there is none. */
  get(key: string): Promise<StoredObject | null>;
  delete(keys: string[]): Promise<void>;
}

/** Bytes in the ImageBlob table, through `db` (inside a mutation: its transaction, so they commit with the image). */
export function databaseImageStore(db: DbClient): ImageStore {
  return {
    kind: "database",
    async put(objects) {
      await db.imageBlob.createMany({
        data: objects.map(({ key, mediaType, bytes }) => ({ key, mediaType, bytes: bytes as Uint8Array<ArrayBuffer> })),
        skipDuplicates: true,
      });
    },
    async get(key) {
      const row = await db.imageBlob.findUnique({ where: { key }, select: { key: true, mediaType: true, bytes: true } });
      return row && { key: row.key, mediaType: row.mediaType, bytes: row.bytes };
    },
    async delete(keys) {
      if (keys.length) await db.imageBlob.deleteMany({ where: { key: { in: keys } } });
    },
  };
}

/** Bytes in an S3-compatible bucket, under S3_PREFIX. */
export function s3ImageStore(settings: S3Settings, client: S3Client = s3Client(settings)): ImageStore {
  const full = (key: string) => settings.prefix + key;
  return {
    kind: "s3",
    async put(objects) {
      await unavailableAs503(
        "put",
        Promise.all(
          objects.map(({ key, mediaType, bytes }) =>
            client.send(
              new PutObjectCommand({
                Bucket: settings.bucket,
                Key: full(key),
                Body: bytes,
                ContentType: mediaType,
                CacheControl: "public, max-age=31536000, immutable",
              }),
            ),
          ),
        ),
      );
    },
    async get(key) {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: settings.bucket, Key: full(key) }));
        if (!object.Body) return null;
        return { key, mediaType: object.ContentType ?? "application/octet-stream", bytes: await object.Body.transformToByteArray() };
      } catch (error) {
        if (error instanceof NoSuchKey || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404)
          return null;
        throw error;
      }
    },
    async delete(keys) {
      // DeleteObjects takes at most 1,000 keys.
      for (let i = 0; i < keys.length; i += 1_000) {
        await client.send(
          new DeleteObjectsCommand({
            Bucket: settings.bucket,
            Delete: { Objects: keys.slice(i, i + 1_000).map((key) => ({ Key: full(key) })), Quiet: true },
          }),
        );
      }
    },
  };
}

/** A failed write to the bucket is the dependency's trouble (503, try again), logged with its cause here. */
async function unavailableAs503<T>(operation: string, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    getLogger().error(`image storage: S3 ${operation} failed`, { error });
    throw appError("SERVICE_UNAVAILABLE", "IMAGE_STORE_UNAVAILABLE", "The image store is unavailable; try again shortly");
  }
}

export function s3Client(settings: S3Settings): S3Client {
  return new S3Client({
    region: settings.region,
    credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
    ...(settings.endpoint ? { endpoint: settings.endpoint, forcePathStyle: true } : {}),
    // Checksums only where S3 requires them: S3-compatible services (MinIO, R2, older releases) refuse the
    // SDK's default streaming checksums.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
}

const processS3 = processSingleton<ImageStore>("imageStore.s3");

/** The configured store; `db` is used when images are in the database (pass the mutation's transaction). */
export function imageStoreFor(db: DbClient): ImageStore {
  const storage = getServerConfig().images.storage;
  if (storage.kind === "database") return databaseImageStore(db);
  return processS3.get(() => s3ImageStore(storage));
}
