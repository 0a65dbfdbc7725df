/**
 * A throwaway PostgreSQL database for the Playwright suites (scripts/validate.sh):
 *   tsx scripts/e2e-database.ts create <name>        creates it and prints its URL
 *   tsx scripts/e2e-database.ts drop <name>          drops it (closing any connection left)
 *   tsx scripts/e2e-database.ts drop-redis <prefix>  deletes the suites' keys from TEST_REDIS_URL
 * On the server in TEST_POSTGRES_URL (and the Redis in TEST_REDIS_URL), like the vitest suites.
 */
import { databaseUrl, dropDatabase, withAdmin } from "../tests/setup/databases";
import { deleteKeys, testRedisUrl } from "../tests/setup/redis";

const [command, name] = process.argv.slice(2);
if (command === "drop-redis" && name && /^[A-Za-z0-9:_.-]+$/.test(name)) {
  await deleteKeys(testRedisUrl, name);
} else if (!name || !/^[a-z0-9_]+$/.test(name) || !["create", "drop"].includes(command ?? "")) {
  console.error("usage: tsx scripts/e2e-database.ts create|drop <name: a-z 0-9 _> | drop-redis <key prefix>");
  process.exit(2);
} else if (command === "create") {
  await withAdmin((client) => client.query(`CREATE DATABASE "${name}"`));
  console.log(databaseUrl(name));
} else {
  await dropDatabase(name);
}
