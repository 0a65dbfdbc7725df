/**
 * `npm run bench:bodies`: a production server (scripts/server.ts, the production build) is sent ten
 * concurrent 250 MB request bodies without credentials — five declaring their length, five chunked, to REST
 * and to tRPC — while a client keeps reading the storefront. Prints what each upload got back and how much of
 * it the server took in, the read latencies during the attack, and the server's peak resident memory.
 *
 *   npm run bench:bodies                     ten bodies of 250 MB
 *   npm run bench:bodies -- --mb 100 --bodies 4
 *
 * Uses an embedded database in a temporary directory; builds the app first when there is no build.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { runDb } from "../lib/db-cli";
import { processIo } from "../lib/cli";
import { freePort } from "../../tests/setup/redis";
import { residentMb, upload } from "../../tests/setup/uploads";
import { numericOptions, percentile } from "./figures";

const root = path.resolve(import.meta.dirname, "../..");
const { mb: megabytes, bodies } = numericOptions({ mb: 250, bodies: 10 });

async function read(port: number): Promise<number> {
  const started = performance.now();
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/storefront/products?limit=5`);
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`read answered ${res.status}`);
  return performance.now() - started;
}

async function main() {
  if (!existsSync(path.join(root, ".next/BUILD_ID"))) spawnSync("npx", ["next", "build"], { cwd: root, stdio: "inherit" });
  const dir = mkdtempSync(path.join(os.tmpdir(), "stockroom-bodies-"));
  const env: Record<string, string | undefined> = {
    ...process.env,
    DATABASE_URL: `pglite:${dir}`,
    NODE_ENV: "production",
    LOG_LEVEL: "info",
  };
  if ((await runDb(["prepare", "--allow-production"], { ...processIo, env })) !== 0) throw new Error("db prepare failed");
  const port = await freePort();
  const server = spawn(
    process.execPath,
    ["--max-old-space-size=224", "--import", "tsx", "scripts/server.ts", "-H", "127.0.0.1", "-p", String(port)],
    {
      cwd: root,
      env: {
        ...(env as NodeJS.ProcessEnv),
        AUTH_SECRET: "bench-bodies-secret-0123456789abcdef",
        AUTH_URL: `http://127.0.0.1:${port}`,
        STOCKROOM_ALLOW_DEMO_DATA: "true",
        RATE_LIMIT_ANONYMOUS: "100000/1m",
      },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  await new Promise<void>((resolve, reject) => {
    let out = "";
    server.stdout.on("data", (c: Buffer) => {
      out += c.toString();
      if (out.includes('"listening"')) resolve();
      if (out.length > 100_000) out = out.slice(-1_000);
    });
    server.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
  });
  try {
    for (let i = 0; i < 20; i++) await read(port); // warm
    const quiet: number[] = [];
    for (let i = 0; i < 50; i++) quiet.push(await read(port));
    const idleRss = residentMb(server.pid!);

    let peakRss = idleRss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, residentMb(server.pid!))), 50);
    const targets = ["/api/v1/orders", "/api/trpc/cart.checkout"];
    const attack = Promise.all(
      Array.from({ length: bodies }, (_, i) =>
        upload(port, targets[i % 2]!, megabytes * 1_048_576, i < bodies / 2).then((r) => ({
          ...r,
          target: targets[i % 2],
          declared: i < bodies / 2,
        })),
      ),
    );
    const during: number[] = [];
    let attacking = true;
    void attack.then(() => (attacking = false));
    while (attacking || during.length < 20) during.push(await read(port));
    const uploads = await attack;
    clearInterval(sampler);
    const alive = (await read(port)) >= 0;

    console.log(`\n${bodies} uploads of ${megabytes} MB without credentials (half declaring Content-Length, half chunked):`);
    console.log("| target | length | answer | MB sent before the answer | ms |");
    console.log("|---|---|---|---|---|");
    for (const u of uploads)
      console.log(
        `| ${u.target} | ${u.declared ? "declared" : "chunked"} | ${u.status} | ${Math.round(u.sentBytes / 1_048_576)} | ${u.ms} |`,
      );
    const row = (label: string, values: number[]) =>
      console.log(
        `| ${label} | ${values.length} | ${percentile(values, 50).toFixed(1)} | ${percentile(values, 95).toFixed(1)} | ${Math.max(...values).toFixed(1)} |`,
      );
    console.log("\nStorefront reads (GET /api/v1/storefront/products?limit=5):");
    console.log("| when | reads | p50 ms | p95 ms | max ms |");
    console.log("|---|---|---|---|---|");
    row("quiet", quiet);
    row("during the uploads", during);
    console.log(
      `\nServer resident memory: ${idleRss.toFixed(0)} MB idle, peak ${peakRss.toFixed(0)} MB during the uploads; still answering afterwards: ${alive ? "yes" : "no"}.`,
    );
  } finally {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
