/**
 * STOCKROOM_BENCH_BUILD=1 (the benchmark, scripts/bench) builds into .next-bench and adds the reference
 * routes under src/app/api/bench/ (files named route.bench.ts). A normal build never contains them.
 */
const benchBuild = process.env.STOCKROOM_BENCH_BUILD === "1";

/**
 * Security headers of API responses (src/server/security-headers.ts has the same values; a unit test keeps
 * them equal). Set here rather than in src/proxy.ts: they need no per-request nonce, and running the Proxy
 * for every API call costs more than the call itself. HSTS, which depends on runtime settings, is added by
 * the API route wrapper (src/server/observability/http.ts).
 */
const common = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];
export const apiSecurityHeaders = [...common, { key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" }];
export const docsSecurityHeaders = [
  ...common,
  {
    key: "Content-Security-Policy",
    value:
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  async headers() {
    // The later rule wins for the docs page's policy.
    return [
      { source: "/api/:path*", headers: apiSecurityHeaders },
      { source: "/api/docs", headers: docsSecurityHeaders },
      { source: "/api/docs/:path*", headers: docsSecurityHeaders },
    ];
  },
  // PGlite finds its .wasm/.data files next to its own module; bundling it breaks that. ioredis and
  // prom-client are loaded by Node as they are (one copy per process, shared with scripts/server.ts); so are
  // pg-boss (CommonJS that reads its own files) and undici (the webhook client, not Next's patched fetch).
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "ioredis", "prom-client", "pg-boss", "undici"],
  poweredByHeader: false,
  // `next dev` refuses its hot-reload socket to hosts it does not know; the app is often opened as 127.0.0.1.
  allowedDevOrigins: ["127.0.0.1"],
  reactStrictMode: true,
  ...(benchBuild ? { distDir: ".next-bench", pageExtensions: ["tsx", "ts", "jsx", "js", "bench.ts"] } : {}),
};

export default nextConfig;
