import { defineConfig } from "prisma/config";

// Only `prisma generate` uses the Prisma CLI here; migrations run through scripts/db.ts
// (see docs/database.md), so no datasource URL is configured for the CLI.
export default defineConfig({
  schema: "prisma/schema.prisma",
});
