// `prisma dev` (Prisma's local development server) is the only command that loads this package, and
// Stockroom does not use it: its embedded database is PGlite, opened by the app itself.
export async function startLocalDurableStreamsServer() {
  throw new Error("prisma dev is not available in Stockroom (see docs/decisions/015-supported-node-versions.md); run `npm run dev`");
}
