import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

/**
 * The layers of src/server, lowest first (docs/architecture.md). A module may import from its own layer and
 * the ones below, never from one above: the check below fails on an upward import.
 */
const layers = [
  {
    name: "foundation",
    files: [
      "config-error",
      "config",
      "process-singleton",
      "lifecycle",
      "timeout",
      "instant",
      "like",
      "cursor",
      "client-info",
      "security-headers",
      "logger",
      "errors",
      "validation/",
      "http/",
      "csv/",
    ],
  },
  {
    name: "infrastructure",
    files: ["db/", "redis/", "observability/", "rate-limit/", "cache/", "images/", "health", "jobs/queue", "jobs/job-id"],
  },
  {
    name: "domain",
    files: [
      "auth/",
      "audit/",
      "events/",
      "inventory/",
      "orders/",
      "webhooks/",
      "realtime/",
      "mail/",
      "jobs/maintenance",
      "jobs/runner",
      "jobs/process-runner",
    ],
  },
  { name: "api", files: ["procedure-meta", "context", "request-context", "trpc", "startup", "routers/"] },
  { name: "transports", files: ["rest/"] },
];
const globsOf = (layer) => layer.files.map((f) => (f.endsWith("/") ? `src/server/${f}**/*.ts` : `src/server/${f}.ts`));
/** A regex for an import (relative or `@/server/…`) of any module of the layers `above`, except the `allowed` paths. */
const importOf = (above, allowed = []) =>
  `(^|/)${allowed.map((path) => `(?!${path}$)`).join("")}(${above
    .flatMap((layer) => layer.files)
    .map((f) => f.replace(/\/$/, ""))
    .join("|")})(/.*)?$`;
const restrictImports = (files, regex, message) => ({
  files,
  rules: { "no-restricted-imports": ["error", { patterns: [{ regex, message }] }] },
});
const layerRules = layers
  .slice(0, -1)
  .map((layer, i) =>
    restrictImports(
      globsOf(layer),
      importOf(layers.slice(i + 1)),
      `src/server's ${layer.name} layer may not import from a layer above it (docs/architecture.md#layers).`,
    ),
  );
/**
 * The one exception: the settings read the database target and the rate-limit policies, both pure parsers of
 * their own variables (no connection, no state).
 */
const allowedUpward = restrictImports(
  ["src/server/config.ts"],
  importOf(layers.slice(1), ["db/target", "rate-limit/policies"]),
  "The settings may read the pure parsers db/target and rate-limit/policies, nothing else above them.",
);

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      ".next/",
      ".next-bench/",
      "bench/results/",
      "coverage/",
      ".data/",
      "src/generated/",
      "test-results/",
      "playwright-report/",
      "next-env.d.ts",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: "readonly", console: "readonly", Buffer: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // Our own API is reached only through the typed tRPC client (issue 2): no hand-written fetches of it.
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[callee.name='fetch'] > Literal[value=/^\\/api\\//]",
          message: "Call our API through the typed tRPC hooks (useTRPC), not fetch().",
        },
      ],
    },
  },
  {
    // The web app's components: hooks called unconditionally, effects and memos with complete dependencies.
    files: ["src/**/*.tsx", "src/app/**/*.ts", "src/lib/**/*.ts"],
    plugins: { "react-hooks": reactHooks },
    rules: { "react-hooks/rules-of-hooks": "error", "react-hooks/exhaustive-deps": "error" },
  },
  {
    // Rules that need the types: promises are awaited or handled, and never passed where a value is expected.
    files: ["src/**/*.ts", "src/**/*.tsx", "scripts/**/*.ts", "tests/**/*.ts", "e2e/**/*.ts", "prisma/**/*.ts"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      "@typescript-eslint/await-thenable": "error",
      "@typescript-eslint/no-unnecessary-type-assertion": "error",
    },
  },
  ...layerRules,
  allowedUpward,
);
