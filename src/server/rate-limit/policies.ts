/**
 * The rate limits, by name. Every procedure call counts against its caller's general limit (per API key,
 * per signed-in user, or per client address for guests); a procedure may name one more policy in its
 * `rateLimit` meta, next to its access rule (sign-up, checkout). Sign-in, which Auth.js serves, uses
 * `signIn` and `signInAddress`. Each limit can be changed with RATE_LIMIT_<NAME>=<count>/<window>.
 */
import { ConfigError } from "../config-error";

export type RateLimitKey = "address" | "user" | "apiKey" | "actor" | "addressAndEmail";

export interface RateLimitPolicy {
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
  /** What is counted: per client address, per user, per API key, per caller, per address and email. */
  key: RateLimitKey;
  /** When Redis cannot be asked: let the request through ("open") or refuse it ("closed"). */
  onStoreFailure: "open" | "closed";
  description: string;
}

export const rateLimitPolicyNames = [
  "anonymous",
  "user",
  "apiKey",
  "signIn",
  "signInAddress",
  "signUp",
  "checkout",
  "apiKeyFailures",
] as const;
export type RateLimitPolicyName = (typeof rateLimitPolicyNames)[number];

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const defaultRateLimitPolicies: Record<RateLimitPolicyName, RateLimitPolicy> = {
  anonymous: {
    limit: 300,
    windowMs: MINUTE,
    key: "address",
    onStoreFailure: "open",
    description: "every call by a guest, per client address",
  },
  user: { limit: 600, windowMs: MINUTE, key: "user", onStoreFailure: "open", description: "every call by a signed-in person, per user" },
  apiKey: {
    limit: 600,
    windowMs: MINUTE,
    key: "apiKey",
    onStoreFailure: "open",
    description: "every call with an API key (REST and tRPC), per key",
  },
  signIn: {
    limit: 5,
    windowMs: MINUTE,
    key: "addressAndEmail",
    onStoreFailure: "closed",
    description: "password sign-in attempts, per client address and email",
  },
  signInAddress: {
    limit: 30,
    windowMs: MINUTE,
    key: "address",
    onStoreFailure: "closed",
    description: "password sign-in attempts, per client address",
  },
  signUp: { limit: 3, windowMs: HOUR, key: "address", onStoreFailure: "closed", description: "new accounts, per client address" },
  checkout: { limit: 10, windowMs: MINUTE, key: "actor", onStoreFailure: "open", description: "orders placed, per user or API key" },
  apiKeyFailures: {
    limit: 20,
    windowMs: MINUTE,
    key: "address",
    onStoreFailure: "open",
    description: "refused API keys, per client address; past it, no key from there is looked up until the window frees",
  },
};

/** The limits in force: the defaults with the environment's overrides. */
export type RateLimitSettings = Record<RateLimitPolicyName, RateLimitPolicy>;

/** `RATE_LIMIT_SIGN_UP` for `signUp`. */
export function envNameOf(policy: RateLimitPolicyName): string {
  return `RATE_LIMIT_${policy.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

const units: Record<string, number> = { s: 1_000, m: MINUTE, h: HOUR, d: 24 * HOUR };

/** Reads RATE_LIMIT_<NAME>=<count>/<window> (`10/1m`, `3/1h`, `600/60s`) and RATE_LIMIT_FAIL_CLOSED. */
export function parseRateLimitSettings(env: Record<string, string | undefined>): RateLimitSettings {
  const settings = structuredClone(defaultRateLimitPolicies);
  for (const name of rateLimitPolicyNames) {
    const variable = envNameOf(name);
    const raw = env[variable]?.trim();
    if (!raw) continue;
    const match = /^(\d{1,9})\s*\/\s*(\d{1,6})(s|m|h|d)$/.exec(raw);
    if (!match || Number(match[1]) < 1 || Number(match[2]) < 1) {
      throw new ConfigError(`${variable}: use <count>/<window> such as 10/1m, 600/60s or 3/1h (got "${raw}")`);
    }
    settings[name] = { ...settings[name], limit: Number(match[1]), windowMs: Number(match[2]) * units[match[3]!]! };
  }
  const failClosed = env.RATE_LIMIT_FAIL_CLOSED;
  if (failClosed !== undefined && failClosed.trim() !== "") {
    const names = failClosed
      .split(",")
      .map((n) => n.trim())
      .filter(Boolean);
    const unknown = names.filter((n) => n !== "none" && !(rateLimitPolicyNames as readonly string[]).includes(n));
    if (unknown.length) {
      throw new ConfigError(
        `RATE_LIMIT_FAIL_CLOSED: unknown policy "${unknown[0]}"; use a comma-separated list of ${rateLimitPolicyNames.join(", ")} (or none)`,
      );
    }
    for (const name of rateLimitPolicyNames) settings[name].onStoreFailure = names.includes(name) ? "closed" : "open";
  }
  return settings;
}

/** "10 per minute", "3 per hour", "600 per 30 seconds": for documents and messages. */
export function describeWindow(policy: Pick<RateLimitPolicy, "limit" | "windowMs">): string {
  const named: [number, string][] = [
    [units.d!, "day"],
    [HOUR, "hour"],
    [MINUTE, "minute"],
    [1_000, "second"],
  ];
  for (const [ms, word] of named) {
    if (policy.windowMs === ms) return `${policy.limit} per ${word}`;
    if (policy.windowMs % ms === 0) return `${policy.limit} per ${policy.windowMs / ms} ${word}s`;
  }
  return `${policy.limit} per ${policy.windowMs} ms`;
}
