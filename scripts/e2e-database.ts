/**
 * A throwaway PostgreSQL database for the Playwright suites (scripts/validate.sh):
 *   tsx scripts/e2e-database.ts create <name>   creates it and prints its URL
 *   tsx scripts/e2e-database.ts drop <name>     drops it (closing any connection left)
 * On the server in TEST_POSTGRES_URL, like the vitest suites.
 */
import { databaseUrl, dropDatabase, withAdmin } from "../tests/setup/databases";

const [command, name] = process.argv.slice(2);
if (!name || !/^[a-z0-9_]+$/.test(name) || !["create", "drop"].includes(command ?? "")) {
  console.error("usage: tsx scripts/e2e-database.ts create|drop <name: a-z 0-9 _>");
  process.exit(2);
}
if (command === "create") {
  await withAdmin((client) => client.query(`CREATE DATABASE "${name}"`));
  console.log(databaseUrl(name));
} else {
  await dropDatabase(name);
}
