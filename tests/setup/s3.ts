/**
 * A real S3-compatible server for tests (s3rver: S3's REST API over HTTP, objects in a temporary directory),
 * on a free port, with one empty bucket. Stockroom talks to it with the same AWS SDK client as to S3.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
// @ts-expect-error -- s3rver ships no types; only its constructor, run() and close() are used here.
import S3rver from "s3rver";

export interface LocalS3 {
  endpoint: string;
  bucket: string;
  /** The variables that point Stockroom's image storage at it. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startLocalS3(bucket = "stockroom-test"): Promise<LocalS3> {
  const directory = await mkdtemp(path.join(tmpdir(), "stockroom-s3-"));
  const server = new S3rver({ port: 0, address: "127.0.0.1", silent: true, directory, configureBuckets: [{ name: bucket }] });
  const { port } = (await server.run()) as { port: number };
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    bucket,
    env: {
      IMAGE_STORAGE: "s3",
      S3_BUCKET: bucket,
      S3_ENDPOINT: endpoint,
      S3_REGION: "us-east-1",
      // s3rver's fixed credentials.
      S3_ACCESS_KEY_ID: "S3RVER",
      S3_SECRET_ACCESS_KEY: "S3RVER",
      S3_PREFIX: "shop-a/",
    },
    async close() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
