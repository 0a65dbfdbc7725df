/**
 * More production servers beside the one the suites share: the same build, started as `npm start` starts
 * it (scripts/server.ts), on a PostgreSQL database of their own (migrated and seeded here, dropped after)
 * and a Redis the test chooses. For what only several instances, or a server's whole life, can show.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { databaseUrl, dropDatabase, uniqueName, withAdmin } from "../tests/setup/databases";
import { freePort } from "../tests/setup/redis";

const root = path.resolve(import.meta.dirname, "..");
const tsx = path.join(root, "node_modules/.bin/tsx");

function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, args, { cwd: root, env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

/** A migrated, seeded PostgreSQL database for this test file. */
export async function seededDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = uniqueName("stockroom_test");
  await withAdmin((c) => c.query(`CREATE DATABASE "${name}"`));
  const url = databaseUrl(name);
  const prepared = await run(["scripts/db.ts", "prepare"], { DATABASE_URL: url });
  if (prepared.code !== 0) throw new Error(`db prepare failed: ${prepared.stderr}`);
  return { url, drop: () => dropDatabase(name) };
}

/** An API key made with the operator CLI (`npm run admin -- create-key`): its secret. */
export async function createApiKey(databaseUrl: string, scopes: string[]): Promise<string> {
  const made = await run(["scripts/admin.ts", "create-key", "--name", `e2e ${scopes.join(",")}`, "--scopes", scopes.join(",")], {
    DATABASE_URL: databaseUrl,
  });
  const secret = /(sk_(?:live|test)_[A-Za-z0-9_-]+)/.exec(made.stdout)?.[1];
  if (made.code !== 0 || !secret) throw new Error(`create-key failed: ${made.stderr || made.stdout}`);
  return secret;
}

export interface Instance {
  origin: string;
  process: ChildProcess;
  /** Everything it wrote to stdout so far (JSON log lines). */
  output(): string;
  logLines(): Record<string, unknown>[];
  /** Sends SIGTERM and resolves with the exit code once it has stopped. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** A production server on a free port; resolves once it logs that it is listening. */
export async function startInstance(env: Record<string, string>): Promise<Instance> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  // Node itself with tsx's loader (not the tsx command, whose child would outlive a SIGKILL to it).
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/server.ts", "-H", "127.0.0.1", "-p", String(port)], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      AUTH_SECRET: "e2e-instance-secret-0123456789abcdef",
      AUTH_URL: origin,
      STOCKROOM_ALLOW_DEMO_DATA: "true",
      LOG_LEVEL: "info",
      ...env,
    },
  });
  let output = "";
  // Ready when it says so (the "listening" log line), failed when it exits first or stays silent for a minute.
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`instance did not start:\n${output}`));
    }, 60_000);
    const onOutput = (chunk: Buffer) => {
      output += chunk.toString();
      if (/"msg":"listening"/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on("data", onOutput);
    child.stderr.on("data", onOutput);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`instance exited with ${code}:\n${output}`));
    });
  });
  await ready;
  return {
    origin,
    process: child,
    output: () => output,
    logLines: () =>
      output
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    async stop(signal = "SIGTERM") {
      if (child.exitCode !== null) return child.exitCode;
      const exited = once(child, "exit");
      child.kill(signal);
      await exited;
      return child.exitCode;
    },
  };
}

/** A TCP proxy in front of an instance whose connection can be cut: the network between a browser and it. */
export interface CuttableProxy {
  origin: string;
  /** Drops every open connection and refuses new ones until `restore`. */
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function cuttableProxy(target: Instance): Promise<CuttableProxy> {
  const { createServer, connect } = await import("node:net");
  const upstream = new URL(target.origin);
  const sockets = new Set<import("node:net").Socket>();
  let down = false;
  const server = createServer((client) => {
    if (down) return client.destroy();
    const server = connect(Number(upstream.port), upstream.hostname);
    for (const socket of [client, server]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => undefined);
    }
    client.pipe(server).pipe(client);
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${port}`,
    cut() {
      down = true;
      for (const socket of sockets) socket.destroy();
    },
    restore() {
      down = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
