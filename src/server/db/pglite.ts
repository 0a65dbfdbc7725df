import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { processSingleton } from "../process-singleton";

const extensions = { pg_trgm };

/**
 * Every PGlite Stockroom opens (the app's, the migrator's, the shadow database): with the extensions the
 * schema declares (`extensions` in schema.prisma), which PGlite must load before CREATE EXTENSION works.
 * No directory means in memory ("memory://": PGlite ignores the options when the path is undefined).
 */
export function newPglite(dataDir?: string): PGlite {
  return new PGlite(dataDir ?? "memory://", { extensions });
}

// An empty cluster, made once per process: initdb in WASM takes 1.5-2.5 s here, loading its dump 0.4 s.
const pristineDump = processSingleton<Promise<Blob>>("pglitePristineDump");

/** A new, empty in-memory PGlite, loaded from a dump of an empty cluster (shadow databases, tests). */
export async function emptyMemoryPglite(): Promise<PGlite> {
  const dump = await pristineDump.get(async () => {
    const fresh = newPglite();
    try {
      await fresh.waitReady; // dumping before it is ready never settles
      return await fresh.dumpDataDir("none");
    } finally {
      await fresh.close();
    }
  });
  const db = new PGlite("memory://", { extensions, loadDataDir: dump });
  await db.waitReady;
  return db;
}
