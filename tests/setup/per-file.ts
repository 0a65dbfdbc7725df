import { afterAll, beforeAll, inject } from "vitest";
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

afterAll(async () => {
  await closeDatabase();
  await drop?.();
});
