/**
 * Answers GET /api/images/<sha256>-<width>.webp. The name is the content, so an answer never changes: it is
 * cacheable for ever by browsers and CDNs, a matching If-None-Match is a 304, and recently served variants
 * are kept in process (a catalog page's thumbnails are read from storage once per instance, not per view).
 */
import { getDatabase } from "../db";
import { UNAVAILABLE_RETRY_AFTER_SECONDS } from "../errors";
import { getLogger } from "../logger";
import { processSingleton } from "../process-singleton";
import { imageStoreFor, type StoredObject } from "./storage";
import { keyOfName } from "./variants";

const IMMUTABLE = "public, max-age=31536000, immutable";
/** Bytes of recently served variants kept in process. */
const RECENT_BYTES = 32 * 1_048_576;

/** Least recently served first (a Map keeps insertion order; a hit moves its key to the end). */
class RecentObjects {
  private readonly objects = new Map<string, StoredObject>();
  private bytes = 0;

  get(key: string): StoredObject | undefined {
    const object = this.objects.get(key);
    if (object) {
      this.objects.delete(key);
      this.objects.set(key, object);
    }
    return object;
  }

  set(object: StoredObject): void {
    if (object.bytes.byteLength > RECENT_BYTES / 8 || this.objects.has(object.key)) return;
    this.objects.set(object.key, object);
    this.bytes += object.bytes.byteLength;
    for (const [key, oldest] of this.objects) {
      if (this.bytes <= RECENT_BYTES) break;
      this.objects.delete(key);
      this.bytes -= oldest.bytes.byteLength;
    }
  }
}

const recent = processSingleton<RecentObjects>("images.recent");

export async function serveImage(req: Request, name: string, requestId: string): Promise<Response> {
  const key = keyOfName(name);
  if (!key) return new Response("No such image", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
  const etag = `"${name.replace(/\.webp$/, "")}"`;
  if (
    req.headers
      .get("if-none-match")
      ?.split(",")
      .some((tag) => tag.trim().replace(/^W\//, "") === etag)
  ) {
    return new Response(null, { status: 304, headers: { etag, "cache-control": IMMUTABLE } });
  }
  const cache = recent.get(() => new RecentObjects());
  let object = cache.get(key) ?? null;
  if (!object) {
    try {
      object = await imageStoreFor(getDatabase().db).get(key);
    } catch (error) {
      getLogger().error("an image could not be read from storage", { requestId, key, error });
      // The database or the bucket is down or unreachable: a passing condition, not our fault.
      return new Response("The image store is unavailable; try again shortly", {
        status: 503,
        headers: { "retry-after": UNAVAILABLE_RETRY_AFTER_SECONDS, "content-type": "text/plain; charset=utf-8" },
      });
    }
    if (!object) return new Response("No such image", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
    cache.set(object);
  }
  const headers = { "content-type": object.mediaType, "cache-control": IMMUTABLE, etag, "content-length": String(object.bytes.byteLength) };
  return new Response(req.method === "HEAD" ? null : (object.bytes as Uint8Array<ArrayBuffer>), { status: 200, headers });
}
