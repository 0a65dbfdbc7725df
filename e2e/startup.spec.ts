/** The production server refuses to start on bad settings, with one line that names the variable. */
import { spawn } from "node:child_process";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { seededDatabase } from "./instances";

function startServer(
  env: Record<string, string>,
  args = ["-H", "127.0.0.1", "-p", "3199"],
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    // As `npm start` runs it (after its migrations).
    const child = spawn(path.resolve("node_modules/.bin/tsx"), ["scripts/server.ts", ...args], {
      env: {
        ...process.env,
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        AUTH_SECRET: "startup-test-secret-0123456789abcdef",
        AUTH_URL: "http://127.0.0.1:3199",
        STOCKROOM_ALLOW_DEMO_DATA: "",
        ...env,
      },
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 25_000);
    child.on("error", reject);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

test.describe("server start-up", () => {
  test("an unknown option or a port that is not a number stops it with one line", async () => {
    const unknown = await startServer({ DATABASE_URL: "pglite:memory" }, ["--prot", "3199"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toBe("error: Unknown option '--prot' (use -p <port>, -H <hostname>, --api-only)");
    const notANumber = await startServer({ DATABASE_URL: "pglite:memory" }, ["-p", "80a"]);
    expect(notANumber.code).toBe(1);
    expect(notANumber.stderr.trim()).toBe("error: port must be a number from 0 to 65535 (got 80a)");
  });

  test("a malformed DATABASE_URL stops it with one line", async () => {
    const { code, stderr } = await startServer({ DATABASE_URL: "mysql://root@localhost/shop" });
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(
      'error: DATABASE_URL has unsupported scheme "mysql:": expected postgresql://, pglite:<dir> or pglite:memory',
    );
  });

  test("an unreachable database stops it with one line", async () => {
    const { code, stderr } = await startServer({ DATABASE_URL: "postgresql://stockroom@127.0.0.1:1/stockroom" });
    expect(code).toBe(1);
    expect(stderr.trim()).toBe("error: cannot reach the database in DATABASE_URL (PostgreSQL at 127.0.0.1:1/stockroom)");
  });

  test("a missing DATABASE_URL in production stops it with one line", async () => {
    const { code, stderr } = await startServer({ DATABASE_URL: "" });
    expect(code).toBe(1);
    expect(stderr.trim()).toMatch(/^error: DATABASE_URL is required when NODE_ENV=production/);
    expect(stderr.trim().split("\n")).toHaveLength(1);
  });

  test("a missing AUTH_SECRET in production stops it with one line", async () => {
    const { code, stderr } = await startServer({ DATABASE_URL: "pglite:memory", AUTH_SECRET: "" });
    expect(code).toBe(1);
    expect(stderr.trim()).toBe("error: AUTH_SECRET is required when NODE_ENV=production: generate one with `openssl rand -base64 32`");
  });

  test("a missing AUTH_URL in production stops it with one line", async () => {
    const { code, stderr } = await startServer({ DATABASE_URL: "pglite:memory", AUTH_URL: "" });
    expect(code).toBe(1);
    expect(stderr.trim()).toMatch(/^error: AUTH_URL is required when NODE_ENV=production: the public URL of the app/);
    expect(stderr.trim().split("\n")).toHaveLength(1);
  });

  test("a malformed REDIS_URL stops it with one line", async () => {
    const { code, stderr } = await startServer({ DATABASE_URL: "pglite:memory", REDIS_URL: "127.0.0.1:6379" });
    expect(code).toBe(1);
    expect(stderr.trim()).toBe("error: REDIS_URL: use redis://[user:password@]host:6379[/db] or rediss://… for TLS");
  });

  test("demo accounts that still sign in with the published password stop it in production", async () => {
    test.setTimeout(90_000);
    const database = await seededDatabase();
    try {
      const { code, stderr } = await startServer({ DATABASE_URL: database.url });
      expect(code).toBe(1);
      expect(stderr.trim()).toMatch(
        /^error: the demo account \S+@stockroom\.test still signs in with the published demo password: deactivate it or change its password, or set STOCKROOM_ALLOW_DEMO_DATA=true for a demo server$/,
      );
    } finally {
      await database.drop();
    }
  });
});
