import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadServerConfig } from "../../src/server/config";
import { ConfigError } from "../../src/server/config-error";
import { describeTarget, resolveDatabaseTarget } from "../../src/server/db/target";

describe("DATABASE_URL", () => {
  it("defaults to the embedded PGlite directory .data/pglite", () => {
    expect(resolveDatabaseTarget(undefined)).toEqual({ kind: "pglite", dataDir: path.resolve(".data/pglite") });
    expect(resolveDatabaseTarget("  ")).toEqual({ kind: "pglite", dataDir: path.resolve(".data/pglite") });
  });

  it("accepts pglite:<dir> and pglite:memory", () => {
    expect(resolveDatabaseTarget("pglite:/tmp/x")).toEqual({ kind: "pglite", dataDir: "/tmp/x" });
    expect(resolveDatabaseTarget("pglite:memory")).toEqual({ kind: "pglite", dataDir: null });
  });

  it("accepts postgres:// and postgresql:// URLs", () => {
    for (const url of ["postgres://u:p@db:5432/app", "postgresql://u@127.0.0.1/app?sslmode=require"]) {
      expect(resolveDatabaseTarget(url)).toEqual({ kind: "postgres", url });
    }
  });

  it.each([
    ["not a url", "not a valid URL"],
    ["mysql://u@h/db", 'unsupported scheme "mysql:"'],
    ["postgresql://u@h", "names no database"],
    ["pglite:", "needs a directory"],
  ])("rejects %j with a one-line message naming DATABASE_URL", (value, fragment) => {
    let error: unknown;
    try {
      resolveDatabaseTarget(value);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/^DATABASE_URL/);
    expect((error as Error).message).toContain(fragment);
    expect((error as Error).message).not.toContain("\n");
  });

  it("describes a target without its password", () => {
    const described = describeTarget(resolveDatabaseTarget("postgresql://app:s3cret@db.internal:6543/shop"));
    expect(described).toBe("PostgreSQL at db.internal:6543/shop");
    expect(described).not.toContain("s3cret");
  });
});

describe("server configuration", () => {
  it("has working defaults", () => {
    const config = loadServerConfig({ NODE_ENV: "development" });
    expect(config).toMatchObject({ databasePoolSize: 10, logLevel: "info", production: false });
  });

  it("requires DATABASE_URL in production, where the embedded default would lose data across instances", () => {
    expect(() => loadServerConfig({ NODE_ENV: "production" })).toThrowError(/^DATABASE_URL is required when NODE_ENV=production/);
    expect(loadServerConfig({ NODE_ENV: "production", DATABASE_URL: "pglite:/srv/data" }).database).toEqual({
      kind: "pglite",
      dataDir: "/srv/data",
    });
  });

  it.each([
    [{ DATABASE_POOL_SIZE: "0" }, "DATABASE_POOL_SIZE"],
    [{ DATABASE_POOL_SIZE: "lots" }, "DATABASE_POOL_SIZE"],
    [{ LOG_LEVEL: "loud" }, "LOG_LEVEL"],
  ])("names the bad variable in %j", (env, name) => {
    expect(() => loadServerConfig(env)).toThrowError(new RegExp(`^${name}`));
  });
});
