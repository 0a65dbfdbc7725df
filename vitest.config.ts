import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = { "@": path.resolve(import.meta.dirname, "src") };

/** The integration suite runs twice: on PGlite and on the PostgreSQL server. */
function backendProject(backend: "pglite" | "postgres") {
  return {
    resolve: { alias },
    test: {
      name: backend,
      include: ["tests/integration/**/*.test.ts"],
      env: { STOCKROOM_TEST_BACKEND: backend, LOG_LEVEL: "silent", NODE_ENV: "test" as const },
      globalSetup: ["tests/setup/global.ts"],
      setupFiles: ["tests/setup/per-file.ts"],
      testTimeout: 30_000,
      hookTimeout: 120_000,
    },
  };
}

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts"],
          env: { LOG_LEVEL: "silent", NODE_ENV: "test" as const },
          testTimeout: 60_000,
        },
      },
      backendProject("pglite"),
      backendProject("postgres"),
    ],
  },
});
