/**
 * STOCKROOM_BENCH_BUILD=1 (the benchmark, scripts/bench) builds into .next-bench and adds the reference
 * routes under src/app/api/bench/ (files named route.bench.ts). A normal build never contains them.
 */
const benchBuild = process.env.STOCKROOM_BENCH_BUILD === "1";

/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite finds its .wasm/.data files next to its own module; bundling it breaks that. ioredis and
  // prom-client are loaded by Node as they are (one copy per process, shared with scripts/server.ts).
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "ioredis", "prom-client"],
  poweredByHeader: false,
  // `next dev` refuses its hot-reload socket to hosts it does not know; the app is often opened as 127.0.0.1.
  allowedDevOrigins: ["127.0.0.1"],
  reactStrictMode: true,
  ...(benchBuild ? { distDir: ".next-bench", pageExtensions: ["tsx", "ts", "jsx", "js", "bench.ts"] } : {}),
};

export default nextConfig;
