/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite finds its .wasm/.data files next to its own module; bundling it breaks that.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter"],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
