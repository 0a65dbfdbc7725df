import path from "node:path";
import { defineConfig } from "vitest/config";

// A throwaway secret for Auth.js cookies in tests (never a real one).
const testAuthSecret = "test-only-auth-secret-0123456789abcdef";

const alias = { "@": path.resolve(import.meta.dirname, "src") };

/** The integration suite runs twice: on PGlite and on the PostgreSQL server. */
function backendProject(backend: "pglite" | "postgres") {
  return {
    resolve: { alias },
    test: {
      name: backend,
      include: ["tests/integration/**/*.test.ts"],
      // Races between connections (and SQL counting) need the PostgreSQL server: PGlite has one connection.
      exclude: backend === "pglite" ? ["tests/integration/**/*.postgres.test.ts"] : [],
      env: { STOCKROOM_TEST_BACKEND: backend, LOG_LEVEL: "silent", NODE_ENV: "test" as const, AUTH_SECRET: testAuthSecret },
      globalSetup: ["tests/setup/global.ts"],
      setupFiles: ["tests/setup/per-file.ts"],
      // next-auth imports "next/server" without an extension, which only a bundler resolves: let Vite load it.
      server: { deps: { inline: ["next-auth"] } },
      testTimeout: 30_000,
      hookTimeout: 120_000,
    },
  };
}

export default defineConfig({
  test: {
    // Two files at a time on two cores: most wait on PostgreSQL, Redis or PGlite's WASM in turn, so the
    // second worker fills the first's waits (373 s with one worker, about 150 s with two; three gain little).
    maxWorkers: 2,
    // `vitest run --coverage` (npm test runs it): the server's code, measured over every project's tests
    // in process (servers and CLIs that tests spawn are not counted). Below the thresholds the run fails.
    coverage: {
      provider: "v8",
      include: ["src/server/**/*.ts"],
      reporter: ["text-summary", "json-summary", "html"],
      reportsDirectory: "coverage",
      thresholds: { lines: 85, branches: 80 },
    },
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts"],
          env: { LOG_LEVEL: "silent", NODE_ENV: "test" as const, AUTH_SECRET: testAuthSecret },
          server: { deps: { inline: ["next-auth"] } },
          testTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          // Redis (the machine's, under a key prefix of each run's own, and private redis-servers that tests
          // stop for outages), no database.
          name: "services",
          include: ["tests/services/**/*.test.ts"],
          env: { LOG_LEVEL: "silent", NODE_ENV: "test" as const, AUTH_SECRET: testAuthSecret },
          testTimeout: 30_000,
        },
      },
      backendProject("pglite"),
      backendProject("postgres"),
    ],
  },
});
