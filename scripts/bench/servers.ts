/** The servers under load: started, waited for, stopped, with their log kept. */
import { spawn, type ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import { authSecret, fail, redisUrl, root } from "./options";

export interface Server {
  name: string;
  process: ChildProcess;
  origin: string;
  stop(): Promise<void>;
}

export async function startServer(
  name: string,
  command: string[],
  env: Record<string, string>,
  port: number,
  logFile: string,
): Promise<Server> {
  const child = spawn(process.execPath, command, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  // Whatever happens to this process, no server outlives it.
  process.once("exit", () => child.kill("SIGKILL"));
  const chunks: Buffer[] = [];
  child.stdout.on("data", (c: Buffer) => chunks.push(c));
  child.stderr.on("data", (c: Buffer) => chunks.push(c));
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) fail(`${name} exited while starting:\n${Buffer.concat(chunks).toString()}`);
    const up = await fetch(`${origin}/api/health/live`).then(
      () => true,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) fail(`${name} did not start within 90 s`);
    await sleep(200);
  }
  return {
    name,
    process: child,
    origin,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await Promise.race([exited, sleep(30_000)]);
      if (child.exitCode === null) child.kill("SIGKILL");
      writeFileSync(logFile, Buffer.concat(chunks));
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function stockroomEnv(url: string, prefix: string, port: number): Record<string, string> {
  const huge = "100000000/1m";
  return {
    NODE_ENV: "production",
    STOCKROOM_BENCH_BUILD: "1",
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: url,
    DATABASE_POOL_SIZE: "10",
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: prefix,
    AUTH_SECRET: authSecret,
    AUTH_URL: `http://127.0.0.1:${port}`,
    STOCKROOM_ALLOW_DEMO_DATA: "true",
    LOG_LEVEL: "info",
    LOG_FORMAT: "json",
    CACHE_TTL_SECONDS: "300",
    // Limits stay on (their cost is measured) but high enough that one machine's load is never refused.
    RATE_LIMIT_ANONYMOUS: huge,
    RATE_LIMIT_USER: huge,
    RATE_LIMIT_API_KEY: huge,
    RATE_LIMIT_CHECKOUT: huge,
    METRICS_TOKEN: "bench-metrics-token-0123456789",
    // The webhook phase's receiver is on this machine.
    WEBHOOK_ALLOW_LOCALHOST: "true",
    // Production's shape: web instances serve, a dedicated `npm run worker` (the webhook phase starts one) works.
    WORKER_MODE: "web",
    // The realtime phase holds thousands of streams with one API key, from one address, and finds where the
    // server breaks rather than where its limit refuses.
    REALTIME_MAX_STREAMS_PER_USER: "100000",
    REALTIME_MAX_STREAMS: "1000000",
  };
}
