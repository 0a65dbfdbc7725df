/**
 * Prisma's packages move in lock-step: the CLI that generates the client, the client's runtime and the driver
 * adapters come from one release (a generated client from one version over a runtime from another is how
 * subtle query bugs start). Exact versions, all equal, and installed as declared.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const manifest = JSON.parse(readFileSync("package.json", "utf8")) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const declared = { ...manifest.dependencies, ...manifest.devDependencies };
const prismaPackages = ["prisma", "@prisma/client", "@prisma/adapter-pg", "@prisma/driver-adapter-utils"];

describe("Prisma's packages", () => {
  it("are declared at one exact version", () => {
    const versions = prismaPackages.map((name) => declared[name]);
    for (const [i, version] of versions.entries()) expect(version, prismaPackages[i]).toMatch(/^\d+\.\d+\.\d+$/);
    expect(new Set(versions).size, JSON.stringify(Object.fromEntries(prismaPackages.map((n, i) => [n, versions[i]])))).toBe(1);
  });

  it("are installed at the version declared", () => {
    for (const name of prismaPackages) {
      const installed = (JSON.parse(readFileSync(`node_modules/${name}/package.json`, "utf8")) as { version: string }).version;
      expect(installed, name).toBe(declared[name]);
    }
  });
});
