/**
 * A stand-in for Upstash's REST endpoint (Upstash is outside our system; its REST protocol is public:
 * POST / with a command as a JSON array, /pipeline and /multi-exec with arrays of them, a bearer token,
 * results base64-encoded when asked with `Upstash-Encoding: base64`). The commands run on a real Redis.
 * Like Upstash, it accepts scripts with the `allow-key-locking` flag.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import IORedis from "ioredis";
import { ScriptAdapter } from "../../src/server/redis/connection";

function encode(value: unknown): unknown {
  if (typeof value === "string") return value === "OK" ? value : Buffer.from(value, "utf8").toString("base64");
  if (Array.isArray(value)) return value.map(encode);
  return value ?? null;
}

export async function startUpstashRest(
  redisUrl: string,
  token: string,
): Promise<{ url: string; requests: () => number; close(): Promise<void> }> {
  const redis = new IORedis(redisUrl, { maxRetriesPerRequest: 1 });
  const scripts = new ScriptAdapter();
  let requests = 0;
  const server: Server = createServer((req, res) => {
    void (async () => {
      requests += 1;
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      };
      if (req.headers.authorization !== `Bearer ${token}`) return send(401, { error: "Unauthorized" });
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const base64 = req.headers["upstash-encoding"] === "base64";
      const out = (result: unknown) => ({ result: base64 ? encode(result) : (result ?? null) });
      const run = async (command: unknown[]) => {
        const [name, ...args] = scripts.adapt(command.map((part) => (part === null ? "" : String(part))));
        return redis.call(name!, ...args);
      };
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown[];
      const path = (req.url ?? "/").replace(/^\/+/, "");
      if (path === "pipeline" || path === "multi-exec") {
        const results: unknown[] = [];
        for (const command of body as unknown[][]) {
          try {
            results.push(out(await run(command)));
          } catch (error) {
            results.push({ error: (error as Error).message });
          }
        }
        return send(200, results);
      }
      try {
        send(200, out(await run(body)));
      } catch (error) {
        send(400, { error: (error as Error).message });
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => requests,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      redis.disconnect();
    },
  };
}
