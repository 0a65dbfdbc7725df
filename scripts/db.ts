/** Database commands for both backends (`npm run db:*`; scripts/lib/db-cli.ts lists them). */
import { existsSync } from "node:fs";
import { runAsProcess } from "./lib/cli";
import { runDb } from "./lib/db-cli";

// Same settings as the app: Next.js reads .env itself; these scripts read it here (set variables win).
if (existsSync(".env")) process.loadEnvFile(".env");

runAsProcess(runDb);
