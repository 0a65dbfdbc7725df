/**
 * Request bodies, bounded before they are read: a declared Content-Length over the limit is refused before
 * a byte is read, and a body without one (chunked) is counted as it streams in and abandoned at the limit.
 * Nothing bigger than the limit is ever held in memory or parsed.
 */

/** A body over the route's limit (413). */
export class BodyTooLarge extends Error {
  override name = "BodyTooLarge";
  constructor(readonly limitBytes: number) {
    super(`The request body is larger than this endpoint's limit of ${describeBytes(limitBytes)}`);
  }
}

/** "1 MiB", "64 KiB", "1500 bytes". */
export function describeBytes(bytes: number): string {
  if (bytes >= 1_048_576 && bytes % 1_048_576 === 0) return `${bytes / 1_048_576} MiB`;
  if (bytes >= 1_024 && bytes % 1_024 === 0) return `${bytes / 1_024} KiB`;
  return `${bytes} bytes`;
}

/** The Content-Length the client declared, or null when it sent none (or nonsense, which the server refuses). */
export function declaredLength(headers: Headers): number | null {
  const raw = headers.get("content-length");
  if (raw === null || !/^\d{1,15}$/.test(raw.trim())) return null;
  return Number(raw);
}

/** Whether the declared length alone already exceeds the limit. */
export function declaredTooLarge(headers: Headers, limitBytes: number): boolean {
  const length = declaredLength(headers);
  return length !== null && length > limitBytes;
}

/**
 * The body as a stream that fails with `tooLarge()` as soon as more than `limitBytes` have arrived (and
 * stops reading from the client). Reading stays lazy: nothing is read until the consumer asks.
 */
export function limitedBody(
  body: ReadableStream<Uint8Array>,
  limitBytes: number,
  tooLarge: () => Error = () => new BodyTooLarge(limitBytes),
  progress: BodyProgress = { complete: false },
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let received = 0;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) {
          progress.complete = true;
          return controller.close();
        }
        received += value.byteLength;
        if (received > limitBytes) {
          await reader.cancel().catch(() => undefined);
          return controller.error(tooLarge());
        }
        controller.enqueue(value);
      },
      cancel: (reason) => reader.cancel(reason),
    },
    // No read-ahead: a stream's default buffer of one chunk would pull from the client before anyone asks.
    { highWaterMark: 0 },
  );
}

/** Whether a body was read to its end (a server closes the connection of a request whose upload it left unread). */
export interface BodyProgress {
  complete: boolean;
}

/** The request with its body bounded (see `limitedBody`); requests without a body are returned as they are. */
export function withLimitedBody(req: Request, limitBytes: number, tooLarge?: () => Error, progress?: BodyProgress): Request {
  if (!req.body) {
    if (progress) progress.complete = true;
    return req;
  }
  return new Request(req.url, {
    method: req.method,
    headers: req.headers,
    body: limitedBody(req.body, limitBytes, tooLarge, progress),
    signal: req.signal,
    duplex: "half",
  } as RequestInit);
}

/** Reads the whole body as UTF-8 text, at most `limitBytes` (BodyTooLarge past that). */
export async function readBodyText(req: Request, limitBytes: number): Promise<string> {
  if (declaredTooLarge(req.headers, limitBytes)) throw new BodyTooLarge(limitBytes);
  if (!req.body) return "";
  return new Response(limitedBody(req.body, limitBytes)).text();
}
