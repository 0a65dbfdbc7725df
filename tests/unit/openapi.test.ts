/** The served OpenAPI document passes spectral (our .spectral.yaml on top of spectral:oas) and redocly lint. */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { GET } from "../../src/app/api/v1/openapi.json/route";

const run = promisify(execFile);
const dir = mkdtempSync(path.join(tmpdir(), "stockroom-openapi-"));
const file = path.join(dir, "openapi.json");

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function lint(command: string, args: string[]) {
  return run(path.resolve("node_modules/.bin", command), args, {
    env: { ...process.env, NO_COLOR: "1", REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
  }).then(
    ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, output: error.stdout + error.stderr }),
  );
}

describe("the OpenAPI document", () => {
  it("is served as OpenAPI 3.1 JSON", async () => {
    const res = GET();
    expect(res.headers.get("content-type")).toContain("application/json");
    const doc = (await res.json()) as { openapi: string };
    expect(doc.openapi).toMatch(/^3\.1\./);
    writeFileSync(file, JSON.stringify(doc));
  });

  it("passes spectral lint with no errors or warnings", async () => {
    const result = await lint("spectral", ["lint", file, "--ruleset", path.resolve(".spectral.yaml"), "--fail-severity", "warn"]);
    expect(result.output).toContain("No results with a severity of 'warn' or higher");
    expect(result.code).toBe(0);
  });

  it("passes redocly lint (recommended rules) with no errors", async () => {
    const result = await lint("redocly", ["lint", file, "--format", "stylish"]);
    expect(result.output, result.output).toMatch(/valid/i);
    expect(result.code).toBe(0);
  });
});
