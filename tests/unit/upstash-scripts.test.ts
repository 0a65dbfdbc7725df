/**
 * Our bridge runs @upstash/ratelimit's Lua scripts on a plain Redis by rewriting their shebang
 * (ScriptAdapter in src/server/redis/connection.ts). That is safe for the scripts we read; an upgrade that
 * changes them must be looked at again, so this fails loudly on any change until someone has.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { adaptScript } from "../../src/server/redis/connection";

const reviewedVersion = "2.2.0";
/** SHA-1 of the 12 scripts of @upstash/ratelimit 2.2.0's dist/index.js, joined as below. */
const reviewedScripts = "fb920d4c748433b1ee16fffa4d4eab88c4114f89";

const manifest = JSON.parse(readFileSync("package.json", "utf8")) as { dependencies: Record<string, string> };
const dist = readFileSync("node_modules/@upstash/ratelimit/dist/index.js", "utf8");
const scripts = [...dist.matchAll(/`(#!lua[\s\S]*?)`/g)].map((m) => m[1]!);

describe("@upstash/ratelimit's scripts", () => {
  it("are the ones the Redis bridge was reviewed against (pinned version, same script text)", () => {
    expect(manifest.dependencies["@upstash/ratelimit"], "keep @upstash/ratelimit pinned to an exact, reviewed version").toBe(
      reviewedVersion,
    );
    const hash = createHash("sha1").update(scripts.join("\n--\n")).digest("hex");
    expect(
      hash,
      "@upstash/ratelimit's Lua scripts changed: check that ScriptAdapter (src/server/redis/connection.ts) still adapts every one, then record the new hash here",
    ).toBe(reviewedScripts);
  });

  it("all carry only the shebang flag the bridge removes, and nothing else changes", () => {
    expect(scripts).toHaveLength(12);
    for (const script of scripts) {
      expect(script.split("\n")[0]).toBe("#!lua flags=allow-key-locking");
      expect(adaptScript(script)).toBe(`#!lua\n${script.slice(script.indexOf("\n") + 1)}`);
    }
  });
});
