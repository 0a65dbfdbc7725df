/**
 * A response body read from an async iterable of text, one chunk when the client asks for the next: a slow
 * reader slows the producer (nothing piles up in memory), and a client that goes away stops it (`return()`
 * runs the producer's clean-up). A producer that fails after the headers went out aborts the body, so the
 * client sees a broken transfer instead of a file that looks complete.
 */
export function textStream(chunks: AsyncIterable<string>, onError: (error: unknown) => void): ReadableStream<Uint8Array> {
  const iterator = chunks[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const next = await iterator.next();
          if (next.done) controller.close();
          else controller.enqueue(encoder.encode(next.value));
        } catch (error) {
          onError(error);
          controller.error(error);
        }
      },
      async cancel() {
        await iterator.return?.();
      },
    },
    { highWaterMark: 1 },
  );
}

/** Headers for a download: the media type and the file name (ASCII names only, so no encoding is needed). */
export function fileHeaders(file: { mediaType: string; name: string }): Record<string, string> {
  return { "content-type": `${file.mediaType}; charset=utf-8`, "content-disposition": `attachment; filename="${file.name}"` };
}
