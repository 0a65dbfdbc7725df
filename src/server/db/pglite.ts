import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";

/**
 * Every PGlite Stockroom opens (the app's, the migrator's, the shadow database): with the extensions the
 * schema declares (`extensions` in schema.prisma), which PGlite must load before CREATE EXTENSION works.
 * No directory means in memory ("memory://": PGlite ignores the options when the path is undefined).
 */
export function newPglite(dataDir?: string): PGlite {
  return new PGlite(dataDir ?? "memory://", { extensions: { pg_trgm } });
}
