/**
 * The API-only server (`npm run start:api`: scripts/server.ts --api-only) as its own process on the test's database:
 * a live stream reaches its client event by event (the server once buffered every body, so an event stream
 * never arrived), and a client that leaves ends its stream on the server.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../setup/redis";
import { newProduct, userCaller } from "./helpers";

const metricsToken = "api-server-test-metrics-token-0123";
let server: ChildProcess | undefined;
let origin: string;

beforeAll(async () => {
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  // Node itself with tsx's loader, as `npm run start:api` starts it; the job runner is left to others.
  server = spawn(process.execPath, ["--import", "tsx", "scripts/server.ts", "--api-only", "-H", "127.0.0.1", "-p", String(port)], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      AUTH_URL: origin,
      STOCKROOM_ALLOW_DEMO_DATA: "true",
      WORKER_MODE: "web",
      METRICS_TOKEN: metricsToken,
      LOG_LEVEL: "info",
      LOG_FORMAT: "json",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the API server did not start in 90 s:\n${output}`)), 90_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('"msg":"listening"')) {
        clearTimeout(timer);
        resolve();
      }
    };
    server!.stdout!.on("data", onData);
    server!.stderr!.on("data", onData);
    server!.once("exit", (code) => reject(new Error(`the API server exited with ${code}:\n${output}`)));
  });
}, 120_000);

afterAll(() => {
  server?.kill("SIGKILL");
});

async function openStreams(): Promise<number> {
  const text = await (await fetch(`${origin}/api/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } })).text();
  return Number(/^stockroom_realtime_streams (\d+)/m.exec(text)?.[1] ?? NaN);
}

describe("the API-only server", () => {
  it("streams a subscription's events as they happen, and ends the stream when its client leaves", async () => {
    const product = await newProduct({ stock: 3 });
    const leave = new AbortController();
    const input = encodeURIComponent(JSON.stringify({ json: { productIds: [product.id] } }));
    const res = await fetch(`${origin}/api/trpc/storefront.availability?input=${input}`, { signal: leave.signal });
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let received = "";
    const until = async (text: string) => {
      while (!received.includes(text)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`the stream ended before "${text}":\n${received}`);
        received += value;
      }
    };
    await until("event: connected");
    await (await userCaller("staff")).products.archive({ id: product.id });
    await until('"change":"archived"');
    expect(await openStreams()).toBe(1);

    leave.abort();
    await expect.poll(openStreams, { timeout: 30_000 }).toBe(0);
  }, 60_000);
});
