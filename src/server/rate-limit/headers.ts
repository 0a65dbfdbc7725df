import { secondsUntil, type RateLimitDecision } from ".";

/**
 * RateLimit-* headers (draft-ietf-httpapi-ratelimit-headers) from the tightest limit a request was counted
 * against: the refusing one, else the one with the least room left; Reset is in seconds. Retry-After when
 * refused. Sent on REST answers and on the tRPC endpoint's.
 */
export function rateLimitHeaders(decisions: readonly RateLimitDecision[]): Record<string, string> {
  if (decisions.length === 0) return {};
  const tightest = decisions.find((d) => !d.success) ?? decisions.reduce((a, b) => (b.remaining < a.remaining ? b : a));
  const seen = new Set<string>();
  const policies = decisions.filter((d) => !seen.has(d.policy) && seen.add(d.policy));
  const headers: Record<string, string> = {
    "ratelimit-limit": String(tightest.limit),
    "ratelimit-remaining": String(tightest.remaining),
    "ratelimit-reset": String(secondsUntil(tightest.reset)),
    "ratelimit-policy": policies.map((d) => `${d.limit};w=${Math.round(d.windowMs / 1000)};name="${d.policy}"`).join(", "),
  };
  if (!tightest.success) headers["retry-after"] = headers["ratelimit-reset"]!;
  return headers;
}
