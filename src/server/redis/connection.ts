/**
 * One Redis client API for both kinds of Redis: `@upstash/redis`'s client, speaking either Upstash's REST
 * protocol (UPSTASH_REDIS_REST_URL) or, through a requester backed by ioredis, plain Redis over TCP
 * (REDIS_URL). @upstash/ratelimit and the cache only ever see that client.
 */
import { createHash } from "node:crypto";
import IORedis from "ioredis";
import { Redis, type Requester } from "@upstash/redis";
import type { RedisTarget } from "../config";
import { withTimeout } from "../timeout";
import { CircuitBreaker, type BreakerOptions } from "./breaker";

export interface RedisHandle {
  kind: "redis" | "upstash";
  /**
   * For @upstash/ratelimit and the cache. Note the client's automatic deserialization: a stored string that
   * is valid JSON comes back parsed.
   */
  client: Redis;
  /** Prefix of every key we write. */
  prefix: string;
  /** Where it is, without credentials (logs, health). */
  description: string;
  /**
   * Every command our code sends goes through this breaker (./breaker.ts): after repeated failures Redis is
   * skipped for a while, so an outage costs requests nothing.
   */
  breaker: CircuitBreaker;
  /** `work` (Redis commands) through the breaker, failing after the timeout at the latest. */
  guard<T>(work: () => Promise<T>): Promise<T>;
  /** One round trip (PING), not through the breaker; throws when Redis cannot answer within the timeout. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface RedisOptions {
  prefix: string;
  /** A command that takes longer fails (and the caller applies its failure policy). */
  timeoutMs: number;
  /** The circuit breaker's thresholds (default: 3 failures in a row, then skipped for 5 s). */
  breaker?: Partial<BreakerOptions>;
}

function breakerFor(options: RedisOptions) {
  const breaker = new CircuitBreaker({ failures: 3, cooldownMs: 5_000, ...options.breaker });
  const guard = <T>(work: () => Promise<T>) => breaker.run(() => withTimeout(work(), options.timeoutMs));
  return { breaker, guard };
}

export function openRedis(target: Exclude<RedisTarget, { kind: "none" }>, options: RedisOptions): RedisHandle {
  if (target.kind === "upstash") {
    const client = new Redis({
      url: target.url,
      token: target.token,
      enableTelemetry: false,
      // One quick retry: a request path must not wait seconds for a rate-limit answer.
      retry: { retries: 1, backoff: () => 50 },
      signal: () => AbortSignal.timeout(options.timeoutMs),
    });
    return {
      kind: "upstash",
      client,
      ...breakerFor(options),
      prefix: options.prefix,
      description: `Upstash at ${new URL(target.url).host}`,
      ping: async () => {
        await client.ping();
      },
      close: async () => {},
    };
  }
  const connection = new IORedis(target.url, {
    // Commands wait for a (re)connection at most `timeoutMs`, then fail: requests never hang on Redis.
    commandTimeout: options.timeoutMs,
    connectTimeout: Math.max(options.timeoutMs, 2_000),
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    lazyConnect: false,
  });
  // ioredis reports every failed reconnection as an 'error' event; without a listener Node prints each one.
  // Failures are logged and counted where a command fails (cache, rate limits, health).
  connection.on("error", () => {});
  const requester = ioredisRequester(connection);
  const url = new URL(target.url);
  return {
    kind: "redis",
    client: new Redis(requester),
    ...breakerFor(options),
    prefix: options.prefix,
    description: `Redis at ${url.hostname}:${url.port || 6379}`,
    ping: async () => {
      await connection.ping();
    },
    close: async () => {
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}

type Command = (string | number | null)[];

/**
 * Upstash's requester interface over a TCP connection: a command is `["SET", "k", "v"]`, a pipeline or a
 * MULTI/EXEC an array of them; answers are `{ result }` (Redis nil as null) or `{ error }` with Redis's own
 * text (the rate limiter falls back from EVALSHA to EVAL when it sees NOSCRIPT).
 */
export function ioredisRequester(connection: IORedis): Requester {
  const scripts = new ScriptAdapter();
  // Every argument goes to Redis as a string; a null one as the empty string.
  const prepare = (command: Command) => scripts.adapt(command.map((part) => (part === null ? "" : String(part))));
  const run = async (command: Command) => {
    const [name, ...args] = prepare(command);
    return nilToNull(await connection.call(name!, ...args));
  };
  const settle = (result: unknown, error: Error | null) => (error ? { error: error.message } : { result: nilToNull(result) });
  return {
    async request<TResult>(req: { path?: string[]; body?: unknown }) {
      const path = req.path?.join("/") ?? "";
      try {
        if (path === "pipeline" || path === "multi-exec") {
          const calls = (req.body as Command[]).map((command) => ["call", ...prepare(command)]);
          const batch = path === "pipeline" ? connection.pipeline(calls) : connection.multi(calls);
          const replies = (await batch.exec()) ?? [];
          return replies.map(([error, result]) => settle(result, error)) as unknown as { result: TResult };
        }
        return { result: (await run(req.body as Command)) as TResult };
      } catch (error) {
        return { error: (error as Error).message };
      }
    },
  };
}

function nilToNull(value: unknown): unknown {
  if (value === undefined) return null;
  if (Array.isArray(value)) return value.map(nilToNull);
  return value;
}

/** Script flags Redis itself accepts (https://redis.io/docs/latest/develop/programmability/lua-api/). */
const redisScriptFlags = new Set(["no-writes", "allow-oom", "allow-stale", "no-cluster", "allow-cross-slot-keys"]);

/**
 * @upstash/ratelimit's scripts begin `#!lua flags=allow-key-locking`, a flag only Upstash knows; Redis 7
 * refuses the script ("Unexpected flag in script shebang"). The flag is dropped before the script reaches
 * Redis, which changes its SHA1: EVALSHA with the library's hash is sent with the adapted script's hash.
 */
export class ScriptAdapter {
  private readonly adaptedHash = new Map<string, string>();

  adapt(command: string[]): string[] {
    const name = command[0]?.toUpperCase();
    if ((name === "EVAL" || name === "EVAL_RO") && command[1]) {
      const script = adaptScript(command[1]);
      if (script !== command[1]) this.adaptedHash.set(sha1(command[1]), sha1(script));
      return [command[0]!, script, ...command.slice(2)];
    }
    if ((name === "EVALSHA" || name === "EVALSHA_RO") && command[1]) {
      return [command[0]!, this.adaptedHash.get(command[1].toLowerCase()) ?? command[1], ...command.slice(2)];
    }
    if (name === "SCRIPT" && command[1]?.toUpperCase() === "LOAD" && command[2]) {
      const script = adaptScript(command[2]);
      if (script !== command[2]) this.adaptedHash.set(sha1(command[2]), sha1(script));
      return [command[0]!, command[1], script];
    }
    return command;
  }
}

export function adaptScript(script: string): string {
  const match = /^#!lua([^\n]*)\n/.exec(script);
  if (!match) return script;
  const flags = /flags=(\S*)/.exec(match[1]!)?.[1]?.split(",").filter(Boolean) ?? [];
  const kept = flags.filter((f) => redisScriptFlags.has(f));
  if (kept.length === flags.length) return script;
  return `#!lua${kept.length ? ` flags=${kept.join(",")}` : ""}\n${script.slice(match[0].length)}`;
}

function sha1(text: string): string {
  return createHash("sha1").update(text).digest("hex");
}
