/**
 * The rate-limit building block. For now an in-process sliding-window log; the Redis/Upstash backends
 * (shared by every instance) plug in behind the same `RateLimiter` interface.
 */
export interface RateLimitResult {
  success: boolean;
  limit: number;
  remaining: number;
  /** When the oldest counted hit leaves the window (ms since epoch). */
  reset: number;
}

export interface RateLimiter {
  limit(key: string): Promise<RateLimitResult>;
}

export interface RateLimitRule {
  /** Hits allowed per window. */
  limit: number;
  windowMs: number;
}

const MAX_TRACKED_KEYS = 100_000;

export function createMemoryRateLimiter(rule: RateLimitRule, now: () => number = Date.now): RateLimiter {
  const hits = new Map<string, number[]>();
  return {
    async limit(key) {
      const t = now();
      const recent = (hits.get(key) ?? []).filter((at) => at > t - rule.windowMs);
      const success = recent.length < rule.limit;
      if (success) recent.push(t);
      // Re-insert so the Map's order is least-recently-used first, and forget the oldest keys when full.
      hits.delete(key);
      hits.set(key, recent);
      if (hits.size > MAX_TRACKED_KEYS) hits.delete(hits.keys().next().value!);
      return { success, limit: rule.limit, remaining: Math.max(0, rule.limit - recent.length), reset: (recent[0] ?? t) + rule.windowMs };
    },
  };
}
