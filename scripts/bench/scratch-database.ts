/**
 * The in-process benchmarks' database (bench:csv, bench:reports, bench:images): a migrated PostgreSQL
 * database of their own, with a caller signed in as a back-office user as the web app calls procedures;
 * dropped afterwards, whatever happens.
 */
import { createInnerContext } from "../../src/server/context";
import type { Db } from "../../src/server/db/client";
import { openDatabase } from "../../src/server/db/client";
import { applyMigrations } from "../../src/server/db/migrator";
import { createCaller } from "../../src/server/routers/_app";
import { databaseUrl, dropDatabase, uniqueName, withAdmin } from "../../tests/setup/databases";

export interface ScratchDatabase {
  url: string;
  db: Db;
  /** Procedures called as this user (an admin or staff member). */
  caller: ReturnType<typeof createCaller>;
}

export async function withScratchDatabase(prefix: string, role: "ADMIN" | "STAFF", work: (scratch: ScratchDatabase) => Promise<void>) {
  const name = uniqueName(`stockroom_${prefix}`);
  await withAdmin((c) => c.query(`CREATE DATABASE "${name}"`));
  const url = databaseUrl(name);
  const handle = openDatabase({ kind: "postgres", url }, { poolSize: 4 });
  try {
    await applyMigrations({ kind: "postgres", url });
    const { db } = handle;
    const user = await db.user.create({ data: { email: `${prefix}@bench.test`, name: `Bench ${role.toLowerCase()}`, role } });
    const caller = createCaller(
      createInnerContext({
        db,
        actor: { type: "user", userId: user.id, email: user.email, name: user.name, role: user.role, sessionId: "bench" },
      }),
    );
    await work({ url, db, caller });
  } finally {
    await handle.close();
    await dropDatabase(name);
  }
}
