import { afterAll, beforeAll, expect, inject } from "vitest";
import { resetServerConfig } from "../../src/server/config";
import { closeDatabase } from "../../src/server/db";
import { copyTemplate } from "./databases";

// Every test file gets its own copy of the seeded database, so files can run in parallel and write freely.
let drop: (() => Promise<void>) | undefined;

beforeAll(async () => {
  const copy = await copyTemplate(inject("backend"), inject("templateUrl"));
  drop = copy.drop;
  process.env.DATABASE_URL = copy.url;
  resetServerConfig();
});

// Process warnings fail the file that caused them: pg's "Calling client.query() when the client is already
// executing a query" (src/server/db/client.ts serialises them) and any other deprecation our code triggers.
const warnings: string[] = [];
const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
process.on("warning", onWarning);

afterAll(async () => {
  await closeDatabase();
  await drop?.();
  // A worker runs several files: each file's listener leaves with it.
  process.off("warning", onWarning);
  expect(warnings, "process warnings during this file").toEqual([]);
});
