/**
 * The curl examples in docs/rest-api.md, run as written with Debian's curl against a real server: each
 * response must contain the JSON the document shows under its command.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKeyScopeNames } from "../../src/server/auth/permissions";
import { apiKey, newCustomer } from "./helpers";
import { startRestServer } from "./rest-server";

const run = promisify(execFile);

/** Each ```sh block that runs curl, with the ```json block after it and the variable it sets, if any. */
function examples(markdown: string) {
  const blocks = [...markdown.matchAll(/```(sh|json)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1]!, body: m[2]! }));
  const found: { command: string; expected: unknown; sets: string | null }[] = [];
  blocks.forEach((block, i) => {
    if (block.lang !== "sh" || !block.body.trimStart().startsWith("curl")) return;
    const next = blocks[i + 1];
    found.push({
      command: block.body,
      expected: next?.lang === "json" ? JSON.parse(next.body) : null,
      sets: /# → (\w+)/.exec(block.body)?.[1] ?? null,
    });
  });
  return found;
}

const docs = examples(readFileSync("docs/rest-api.md", "utf8"));

describe("the curl examples in docs/rest-api.md", () => {
  let server: Awaited<ReturnType<typeof startRestServer>>;
  const env: Record<string, string> = {};
  beforeAll(async () => {
    server = await startRestServer();
    env.STOCKROOM_URL = server.origin;
    env.STOCKROOM_API_KEY = (await apiKey([...apiKeyScopeNames], "Docs example")).secret;
    env.CUSTOMER_ID = (await newCustomer()).user.id;
  });
  afterAll(() => server.close());

  it("has examples for identity, creating, stock, orders, errors and pages", () => {
    expect(docs.length).toBeGreaterThanOrEqual(8);
    expect(docs.every((d) => d.expected !== null)).toBe(true);
  });

  it.each(docs.map((d, i) => [i + 1, d.command.split("\n")[0]!.slice(0, 90), d] as const))(
    "example %i: %s",
    async (_n, _title, example) => {
      const { stdout } = await run("bash", ["-c", `set -euo pipefail\n${example.command}`], { env: { ...process.env, ...env } });
      const response = JSON.parse(stdout) as { data: { id?: string } | null };
      expect(response).toMatchObject(example.expected as object);
      if (example.sets) env[example.sets] = response.data!.id!;
    },
  );
});
