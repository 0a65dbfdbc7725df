/**
 * The rate-limit building block. One `RateLimits` per process decides for every named policy
 * (./policies.ts), on one of three stores chosen by configuration: @upstash/ratelimit on Upstash (REST),
 * @upstash/ratelimit on a Redis server (TCP, through the requester in ../redis), or in-process memory
 * (the embedded default, one instance). With Redis, every app instance shares the same counts.
 */
import { Ratelimit } from "@upstash/ratelimit";
import { LRUCache } from "lru-cache";
import { getServerConfig } from "../config";
import { getLogger, type Logger } from "../logger";
import { getMetrics, type Metrics } from "../observability/metrics";
import { processSingleton } from "../process-singleton";
import { getRedis, type RedisHandle } from "../redis";
import { withTimeout } from "../timeout";
import { describeWindow, type RateLimitPolicy, type RateLimitPolicyName, type RateLimitSettings } from "./policies";

export interface RateLimitResult {
  success: boolean;
  limit: number;
  remaining: number;
  /** When the window frees room again (ms since epoch). */
  reset: number;
}

/** One policy's counter. */
export interface RateLimiter {
  limit(key: string): Promise<RateLimitResult>;
}

/** A decision about one request under one policy. */
export interface RateLimitDecision extends RateLimitResult {
  policy: RateLimitPolicyName;
  /** The policy's window (ms), for the RateLimit-Policy header. */
  windowMs: number;
  /** The store could not be asked; the policy's failure rule decided. */
  storeFailure: boolean;
}

export interface RateLimitRule {
  /** Hits allowed per window. */
  limit: number;
  windowMs: number;
}

const MAX_TRACKED_KEYS = 100_000;

/** In-process sliding-window log: exact, for one process (the embedded default). */
export function createMemoryRateLimiter(rule: RateLimitRule, now: () => number = () => Date.now()): RateLimiter {
  // A key idle for a whole window has nothing left to count; the least recently seen go first when full.
  const hits = new LRUCache<string, number[]>({ max: MAX_TRACKED_KEYS, ttl: rule.windowMs, ttlResolution: 0, perf: { now } });
  return {
    async limit(key) {
      const t = now();
      const recent = (hits.get(key) ?? []).filter((at) => at > t - rule.windowMs);
      const success = recent.length < rule.limit;
      if (success) recent.push(t);
      hits.set(key, recent);
      return { success, limit: rule.limit, remaining: Math.max(0, rule.limit - recent.length), reset: (recent[0] ?? t) + rule.windowMs };
    },
  };
}

/** @upstash/ratelimit's sliding window on Redis (a server or Upstash): shared by every instance. */
export function createRedisRateLimiter(redis: RedisHandle, name: string, rule: RateLimitRule): RateLimiter {
  const ratelimit = new Ratelimit({
    redis: redis.client,
    limiter: Ratelimit.slidingWindow(rule.limit, `${rule.windowMs} ms`),
    prefix: `${redis.prefix}rl:${name}`,
    // Our own timeout and failure policy apply (the library's would always let the request through).
    timeout: 0,
    analytics: false,
  });
  return {
    async limit(key) {
      const { success, limit, remaining, reset } = await redis.guard(() => ratelimit.limit(key));
      return { success, limit, remaining, reset };
    },
  };
}

export interface RateLimitsOptions {
  settings: RateLimitSettings;
  /** null: in-process memory. */
  redis: RedisHandle | null;
  /** A store that has not answered after this long has failed (ms). */
  timeoutMs?: number;
  logger?: Logger;
  metrics?: Metrics;
  /** The clock of the in-process store and of the failure log's pacing (ms since epoch). */
  now?: () => number;
}

/** How long a refusal caused by an unreachable store asks the client to wait. */
const STORE_FAILURE_RETRY_MS = 10_000;

export class RateLimits {
  private readonly limiters = new Map<RateLimitPolicyName, RateLimiter>();
  /** Refusals this process has seen, until their reset: `standingRefusal` answers without asking the store. */
  private readonly refusals: LRUCache<string, RateLimitDecision>;
  private readonly lastFailureLog = new Map<RateLimitPolicyName, { at: number; suppressed: number }>();

  private readonly now: () => number;

  constructor(private readonly options: RateLimitsOptions) {
    this.now = options.now ?? (() => Date.now());
    this.refusals = new LRUCache({ max: MAX_TRACKED_KEYS, ttlResolution: 0, perf: { now: this.now } });
  }

  policy(name: RateLimitPolicyName): RateLimitPolicy {
    return this.options.settings[name];
  }

  /** Counts one request against `policy` for `key`; never throws. */
  async check(name: RateLimitPolicyName, key: string): Promise<RateLimitDecision> {
    const policy = this.options.settings[name];
    let result: RateLimitResult;
    try {
      result = await withTimeout(this.limiter(name).limit(key), this.options.timeoutMs ?? 1_000);
    } catch (error) {
      return this.storeFailed(name, policy, error);
    }
    const decision = { ...result, policy: name, windowMs: policy.windowMs, storeFailure: false };
    if (!result.success) {
      this.options.metrics?.rateLimitRejections.inc({ policy: name });
      const now = this.now();
      // Aged from the instant the ttl was computed at, so the refusal ends with its window, not a tick later.
      if (result.reset > now) this.refusals.set(`${name}|${key}`, decision, { ttl: result.reset - now, start: now });
    }
    return decision;
  }

  /**
   * A refusal under `policy` for `key` that this process saw and that still stands (its window has not
   * freed), without counting or asking the store; null otherwise. For guarding costly work cheaply: count
   * the failures with `check`, and skip the work while one stands.
   */
  standingRefusal(name: RateLimitPolicyName, key: string): RateLimitDecision | null {
    return this.refusals.get(`${name}|${key}`) ?? null;
  }

  private limiter(name: RateLimitPolicyName): RateLimiter {
    let limiter = this.limiters.get(name);
    if (!limiter) {
      const policy = this.options.settings[name];
      limiter = this.options.redis ? createRedisRateLimiter(this.options.redis, name, policy) : createMemoryRateLimiter(policy, this.now);
      this.limiters.set(name, limiter);
    }
    return limiter;
  }

  private storeFailed(name: RateLimitPolicyName, policy: RateLimitPolicy, error: unknown): RateLimitDecision {
    const allowed = policy.onStoreFailure === "open";
    this.options.metrics?.rateLimitStoreErrors.inc({ policy: name, outcome: allowed ? "allowed" : "refused" });
    if (!allowed) this.options.metrics?.rateLimitRejections.inc({ policy: name });
    // One line per policy every 10 s at most: an outage must not turn every request into a log line.
    const now = this.now();
    const last = this.lastFailureLog.get(name);
    if (!last || now - last.at >= 10_000) {
      this.options.logger?.error("rate-limit store unavailable", {
        policy: name,
        applied: allowed ? "allowed (fails open)" : "refused (fails closed)",
        suppressedSinceLast: last?.suppressed ?? 0,
        error,
      });
      this.lastFailureLog.set(name, { at: now, suppressed: 0 });
    } else {
      last.suppressed += 1;
    }
    return {
      policy: name,
      windowMs: policy.windowMs,
      storeFailure: true,
      success: allowed,
      limit: policy.limit,
      remaining: allowed ? policy.limit : 0,
      reset: now + (allowed ? policy.windowMs : STORE_FAILURE_RETRY_MS),
    };
  }
}

/** The bucket for callers counted by client address (one bucket for all callers whose address is unknown). */
export function addressKey(ip: string | null): string {
  return `address:${ip ?? "unknown"}`;
}

/** Seconds until `reset`, at least 1 (Retry-After, RateLimit-Reset). */
export function secondsUntil(reset: number, now = Date.now()): number {
  return Math.max(1, Math.ceil((reset - now) / 1000));
}

/** The sentence a refused caller reads. */
export function refusalMessage(decision: RateLimitDecision, policy: RateLimitPolicy): string {
  if (decision.storeFailure)
    return "Too many requests cannot be ruled out right now (the rate-limit store is unavailable); try again shortly";
  return `Too many requests: the limit is ${describeWindow(policy)} (${policy.description}); try again in ${secondsUntil(decision.reset)} s`;
}

const processRateLimits = processSingleton<RateLimits>("rateLimits");

/** The process's rate limits, on the configured store. */
export function getRateLimits(): RateLimits {
  return processRateLimits.get(() => {
    const config = getServerConfig();
    return new RateLimits({
      settings: config.rateLimits,
      redis: getRedis(),
      timeoutMs: config.redisTimeoutMs + 100,
      logger: getLogger(),
      metrics: getMetrics(),
    });
  });
}

/** Forgets the process's rate limits (tests that change the settings). */
export function resetRateLimits(): void {
  processRateLimits.set(undefined);
}
