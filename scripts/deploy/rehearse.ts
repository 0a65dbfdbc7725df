/**
 * npm run deploy:rehearse [-- --seconds 10 --connections 16 --skip-take-out]
 *
 * Rehearses a rolling deploy on this machine (scripts/deploy/rehearsal.ts): nginx in front of two
 * production instances (`npm run build` first), load through it while both are replaced, and a report of
 * failed requests and lost or duplicated orders. Exits 1 unless there were none. Needs nginx (Debian:
 * apt-get install nginx), PostgreSQL (REHEARSAL_POSTGRES_URL, default the local server's postgres
 * database; a scratch database is made and dropped) and Redis (REHEARSAL_REDIS_URL).
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { passed, rehearseRollingDeploy, renderReport } from "./rehearsal";

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    seconds: { type: "string", default: "10" },
    connections: { type: "string", default: "16" },
    // Stops each instance without taking it out of nginx's upstream first: what skipping that step costs.
    "skip-take-out": { type: "boolean", default: false },
  },
  strict: true,
});
const phaseSeconds = Number(values.seconds);
const connections = Number(values.connections);
if (!(phaseSeconds > 0) || !Number.isInteger(connections) || connections < 1) {
  console.error("error: --seconds must be a positive number and --connections a positive whole number");
  process.exit(1);
}
if (!existsSync(path.resolve(import.meta.dirname, "../../.next/BUILD_ID"))) {
  console.error("error: no production build: run npm run build first");
  process.exit(1);
}

const report = await rehearseRollingDeploy({
  phaseSeconds,
  connections,
  takeOutFirst: !values["skip-take-out"],
  postgresAdminUrl: process.env.REHEARSAL_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres",
  redisUrl: process.env.REHEARSAL_REDIS_URL ?? "redis://127.0.0.1:6379",
  log: (line) => console.error(`${new Date().toISOString().slice(11, 19)} ${line}`),
});
console.log(renderReport(report));
process.exit(passed(report) ? 0 : 1);
