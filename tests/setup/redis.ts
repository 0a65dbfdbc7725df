/**
 * Redis for tests: the server in TEST_REDIS_URL (default the machine's, 127.0.0.1:6379) under a key prefix
 * of this run's own, removed afterwards; and private redis-server processes a test may stop and start
 * (an outage must not disturb the other test files that share the machine's Redis).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import IORedis from "ioredis";
import type { BreakerOptions } from "../../src/server/redis/breaker";
import { openRedis, type RedisHandle } from "../../src/server/redis/connection";

export const testRedisUrl = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

export function uniquePrefix(label = "t"): string {
  return `stockroom-test:${process.pid}:${Math.random().toString(36).slice(2, 8)}:${label}:`;
}

/** A handle on the test Redis under a fresh prefix; `cleanup` deletes every key under it and closes. */
export function testRedis(
  options: { url?: string; prefix?: string; timeoutMs?: number; breaker?: Partial<BreakerOptions> } = {},
): RedisHandle & { cleanup(): Promise<void> } {
  const prefix = options.prefix ?? uniquePrefix();
  const handle = openRedis(
    { kind: "redis", url: options.url ?? testRedisUrl },
    { prefix, timeoutMs: options.timeoutMs ?? 1_000, breaker: options.breaker },
  );
  return {
    ...handle,
    async cleanup() {
      await deleteKeys(options.url ?? testRedisUrl, prefix);
      await handle.close();
    },
  };
}

/** Calls `onBatch` with every batch of keys under `prefix` (SCAN, never KEYS), on a connection of its own. */
async function scanKeys(url: string, prefix: string, onBatch: (client: IORedis, keys: string[]) => Promise<void>): Promise<void> {
  const client = new IORedis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = "0";
    do {
      const [next, keys] = await client.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 500);
      if (keys.length) await onBatch(client, keys);
      cursor = next;
    } while (cursor !== "0");
  } finally {
    client.disconnect();
  }
}

/** Deletes every key under `prefix`. */
export async function deleteKeys(url: string, prefix: string): Promise<number> {
  let deleted = 0;
  await scanKeys(url, prefix, async (client, keys) => {
    deleted += await client.del(...keys);
  });
  return deleted;
}

export async function keysUnder(url: string, prefix: string): Promise<string[]> {
  const found: string[] = [];
  await scanKeys(url, prefix, async (_client, keys) => {
    found.push(...keys);
  });
  return found;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/** A redis-server of the test's own on a free port, which the test may stop (an outage) and start again. */
export async function privateRedis(): Promise<{ url: string; stop(): Promise<void>; start(): Promise<void> }> {
  const port = await freePort();
  const binary = process.env.REDIS_SERVER_BIN ?? "redis-server";
  let child: ChildProcess | null = null;
  const start = async () => {
    const server = spawn(binary, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    child = server;
    // Started when it says so on its log (stdout): "Ready to accept connections".
    await new Promise<void>((resolve, reject) => {
      let log = "";
      server.stdout.on("data", (chunk: Buffer) => {
        log += chunk.toString();
        if (log.includes("Ready to accept connections")) resolve();
      });
      server.once("error", (error) => reject(new Error(`cannot start ${binary} (set REDIS_SERVER_BIN): ${error.message}`)));
      server.once("exit", (code) => reject(new Error(`redis-server on port ${port} exited with ${code}:\n${log}`)));
    });
    server.stdout.resume();
  };
  const stop = async () => {
    const running = child;
    if (!running || running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once("exit", () => resolve());
      running.kill("SIGKILL");
    });
    child = null;
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, start, stop };
}
