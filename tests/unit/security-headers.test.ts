/** The API security headers set by next.config.js are the ones src/server/security-headers.ts defines. */
import type { NextConfig } from "next";
import { describe, expect, it } from "vitest";
import { apiPolicy, commonHeaders, docsPolicy, securitySettings } from "../../src/server/security-headers";

type HeaderList = { key: string; value: string }[];
// next.config.js is plain JavaScript (no types): imported by URL.
const {
  default: nextConfig,
  apiSecurityHeaders,
  docsSecurityHeaders,
} = (await import(new URL("../../next.config.js", import.meta.url).href)) as {
  default: NextConfig;
  apiSecurityHeaders: HeaderList;
  docsSecurityHeaders: HeaderList;
};

const asRecord = (headers: HeaderList) => Object.fromEntries(headers.map((h) => [h.key.toLowerCase(), h.value]));

describe("API security headers", () => {
  it("match the app's policies and common headers (HSTS is added at run time, when served over HTTPS)", () => {
    const common = commonHeaders(securitySettings({ NODE_ENV: "development" }));
    expect(asRecord(apiSecurityHeaders)).toEqual({ ...common, "content-security-policy": apiPolicy });
    expect(asRecord(docsSecurityHeaders)).toEqual({ ...common, "content-security-policy": docsPolicy });
    expect(
      commonHeaders(securitySettings({ NODE_ENV: "production", AUTH_URL: "https://shop.example" }))["strict-transport-security"],
    ).toMatch(/max-age=/);
  });

  it("apply to every API path, the docs page with its own policy last", async () => {
    const rules = await nextConfig.headers!();
    expect(rules.map((r) => r.source)).toEqual(["/api/:path*", "/api/docs", "/api/docs/:path*"]);
    expect(rules[0]!.headers).toBe(apiSecurityHeaders);
  });
});
