/** Operator commands: `npm run admin -- <create-admin | create-key | list-keys | revoke-key>` (scripts/lib/admin-cli.ts). */
import { existsSync } from "node:fs";
import { runAdmin } from "./lib/admin-cli";
import { runAsProcess } from "./lib/cli";

// Same settings as the app: Next.js reads .env itself; these scripts read it here (set variables win).
if (existsSync(".env")) process.loadEnvFile(".env");

runAsProcess(runAdmin);
