import { z } from "zod";
import { ConfigError } from "./config-error";
import { resolveDatabaseTarget, type DatabaseTarget } from "./db/target";
import { parseRateLimitSettings, type RateLimitSettings } from "./rate-limit/policies";

/** Where Redis is, if anywhere: a server over TCP, Upstash over HTTPS, or none (in-process state). */
export type RedisTarget = { kind: "redis"; url: string } | { kind: "upstash"; url: string; token: string } | { kind: "none" };

/** Every server setting, read once from the environment (documented in .env.example and docs/operations.md). */
export interface ServerConfig {
  database: DatabaseTarget;
  /** Connections in this process's pool (PostgreSQL only; PGlite has one). */
  databasePoolSize: number;
  /** How long a request waits for a pool connection before it is a 503 (DATABASE_POOL_TIMEOUT_MS). */
  databasePoolTimeoutMs: number;
  /** Queries slower than this are logged with their duration (ms). */
  slowQueryMs: number;
  logLevel: LogLevel;
  logFormat: "json" | "pretty";
  production: boolean;
  /** Origins whose browsers may call /api/v1 (CORS); empty: none. The tRPC endpoint is never opened. */
  apiCorsOrigins: string[];
  /** How long `order.changes` holds back fresh changes so that slow commits are not skipped (ms). */
  orderChangesSettleMs: number;
  redis: RedisTarget;
  /** Prefix of every key Stockroom writes to Redis (several apps, or test runs, can share one server). */
  redisKeyPrefix: string;
  /** A Redis command that takes longer than this counts as failed (ms). */
  redisTimeoutMs: number;
  rateLimits: RateLimitSettings;
  /** Proxies in front of the app that append to X-Forwarded-For; 0: clients connect directly. */
  trustedProxyHops: number;
  /** Catalog reads are cached this long at most (seconds); 0 turns the cache off. */
  cacheTtlSeconds: number;
  /** Sessions and API keys are held in process this long at most (seconds); 0: looked up every request. */
  identityCacheSeconds: number;
  /** GET /api/metrics needs `Authorization: Bearer <token>`, unless the client address is in metricsAllowFrom. */
  metricsToken: string | null;
  metricsAllowFrom: string[];
  /** On SIGTERM, in-flight requests get this long to finish before the process exits anyway (ms). */
  shutdownTimeoutMs: number;
  /** Production starts even though the demo accounts (public password) exist. */
  allowDemoData: boolean;
  /** Largest request body read, by kind of route (bytes): JSON APIs, Auth.js's form posts, uploads (an image and its form). */
  bodyLimits: { json: number; form: number; upload: number };
  /** Most calls in one tRPC batch request. */
  trpcMaxBatch: number;
  /** The production server's limits on a slow client (ms): all headers received, the whole request received. */
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  /** After this many Redis failures in a row, Redis is skipped for `redisBreakerCooldownMs` (then one probe). */
  redisBreakerFailures: number;
  redisBreakerCooldownMs: number;
  /** A checkout waits at most this long for a product's row lock before answering 503 (ms). */
  checkoutLockTimeoutMs: number;
  /** Which background work this process does (docs/jobs.md): `all` serves and works, `web` only serves, `worker` only works. */
  workerMode: WorkerMode;
  mail: MailSettings;
  jobs: JobSettings;
  webhooks: WebhookSettings;
  realtime: RealtimeSettings;
  images: ImageSettings;
}

/** Product images' settings (docs/images.md). */
export interface ImageSettings {
  /** Where image bytes live: the database (default; in backups, nothing else to run) or an S3-compatible store. */
  storage: { kind: "database" } | S3Settings;
  /** Largest image file accepted (bytes). */
  maxBytes: number;
  /** Largest picture accepted, width × height (pixels): a small file that decodes to more is refused (a decompression bomb). */
  maxPixels: number;
  /** Images one product has at most. */
  maxPerProduct: number;
}

/** An S3-compatible bucket (AWS S3, MinIO, R2, …). */
export interface S3Settings {
  kind: "s3";
  bucket: string;
  region: string;
  /** Another service than AWS's (MinIO, R2, a local test server); with path-style addressing. */
  endpoint: string | null;
  accessKeyId: string;
  secretAccessKey: string;
  /** Keys start with this ("stockroom/"), so one bucket can serve several apps. */
  prefix: string;
}

/** Realtime streams' settings (docs/realtime.md). */
export interface RealtimeSettings {
  /** Streams one process holds at most. */
  maxStreams: number;
  /** Streams one user (or API key, or guest address) holds at most on one process. */
  maxStreamsPerUser: number;
  /** A stream ends after this long (minutes) and its client reconnects and resumes: sessions are re-read, load rebalances. */
  maxStreamMinutes: number;
  /** Keep-alive comment interval (seconds); the subscriber's session is checked again at each. */
  keepAliveSeconds: number;
}

export const workerModes = ["all", "web", "worker"] as const;
export type WorkerMode = (typeof workerModes)[number];

/** Customer emails (docs/jobs.md#emails): an SMTP server, else .eml files in `dir` (not in production: none). */
export interface MailSettings {
  smtpUrl: string | null;
  from: string;
  dir: string;
}

/** The job runner's settings (docs/jobs.md). */
export interface JobSettings {
  /** How often expired leases (a worker that died mid-job) are given back and old jobs archived (seconds). */
  maintenanceSeconds: number;
  /** /api/health reports the queue as late once a job has waited longer than this (seconds). */
  lateAfterSeconds: number;
  /** Events are kept this long (days), then pruned. */
  eventRetentionDays: number;
  /** A checkout's idempotency key replays its order for this long (hours), then is forgotten. */
  idempotencyKeyHours: number;
  /** A cart untouched this long (days) is emptied. */
  abandonedCartDays: number;
  /** Webhook deliveries and their attempts are kept this long (days). */
  webhookDeliveryRetentionDays: number;
}

/** Webhook delivery's settings (docs/webhooks.md). */
export interface WebhookSettings {
  /** A receiver must answer within this (ms). */
  timeoutMs: number;
  /** An endpoint whose every attempt failed for this long (hours) is disabled. */
  disableAfterHours: number;
  /** The first retry's delay (seconds); each next one doubles, with jitter (docs/webhooks.md). */
  retryDelaySeconds: number;
  /** Endpoints may be http:// on a loopback address (development and tests); otherwise https and public addresses only. */
  allowLocalhost: boolean;
}

export const logLevels = ["debug", "info", "warn", "error", "silent"] as const;
export type LogLevel = (typeof logLevels)[number];

/** Room for an upload's other fields and multipart framing, on top of the file itself. */
const UPLOAD_FORM_ROOM_BYTES = 65_536;

const int = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);
const list = z
  .string()
  .default("")
  .transform((raw) =>
    raw
      .split(",")
      .map((o) => o.trim())
      .filter(Boolean),
  );
const flag = z
  .enum(["", "true", "false", "1", "0"], { message: "use true or false" })
  .default("")
  .transform((v) => v === "true" || v === "1");

const envSchema = z.object({
  NODE_ENV: z.string().default("development"),
  DATABASE_POOL_SIZE: int(1, 200, 10),
  DATABASE_POOL_TIMEOUT_MS: int(100, 60_000, 5_000),
  SLOW_QUERY_MS: int(1, 600_000, 100),
  LOG_LEVEL: z.enum(logLevels).default("info"),
  LOG_FORMAT: z.enum(["", "json", "pretty"]).default(""),
  ORDER_CHANGES_SETTLE_MS: int(0, 60_000, 2_000),
  API_CORS_ORIGINS: list.pipe(
    z.array(z.string().regex(/^https?:\/\/[^/\s]+$/, "use a comma-separated list of origins such as https://erp.example.com (no path)")),
  ),
  REDIS_URL: z
    .string()
    .trim()
    .default("")
    .refine((v) => !v || /^rediss?:\/\/[^/\s]+/.test(v), "use redis://[user:password@]host:6379[/db] or rediss://… for TLS"),
  UPSTASH_REDIS_REST_URL: z
    .string()
    .trim()
    .default("")
    .refine((v) => !v || /^https?:\/\/[^/\s]+/.test(v), "use the REST URL Upstash shows, e.g. https://eu1-xyz.upstash.io"),
  UPSTASH_REDIS_REST_TOKEN: z.string().trim().default(""),
  REDIS_KEY_PREFIX: z
    .string()
    .default("stockroom:")
    .refine((v) => /^[A-Za-z0-9:_.-]{1,64}$/.test(v), "use 1-64 letters, digits, ':', '_', '.' or '-'"),
  REDIS_TIMEOUT_MS: int(10, 60_000, 500),
  TRUSTED_PROXY_HOPS: int(0, 10, 0),
  CACHE_TTL_SECONDS: int(0, 86_400, 60),
  IDENTITY_CACHE_SECONDS: int(0, 3_600, 60),
  METRICS_TOKEN: z
    .string()
    .trim()
    .default("")
    .refine((v) => !v || v.length >= 16, "use at least 16 characters (`openssl rand -hex 16`)"),
  METRICS_ALLOW_FROM: list.pipe(
    z.array(z.string().regex(/^[0-9a-fA-F:.]+$/, "use a comma-separated list of IP addresses, e.g. 10.0.0.5,127.0.0.1")),
  ),
  SHUTDOWN_TIMEOUT_MS: int(0, 600_000, 25_000),
  STOCKROOM_ALLOW_DEMO_DATA: flag,
  BODY_LIMIT_JSON_BYTES: int(1_024, 100 * 1_048_576, 1_048_576),
  BODY_LIMIT_FORM_BYTES: int(1_024, 10 * 1_048_576, 65_536),
  TRPC_MAX_BATCH: int(1, 1_000, 50),
  HEADERS_TIMEOUT_MS: int(1_000, 600_000, 10_000),
  REQUEST_TIMEOUT_MS: int(1_000, 3_600_000, 30_000),
  REDIS_BREAKER_FAILURES: int(1, 1_000, 3),
  REDIS_BREAKER_COOLDOWN_MS: int(100, 600_000, 5_000),
  CHECKOUT_LOCK_TIMEOUT_MS: int(100, 60_000, 2_000),
  SMTP_URL: z
    .string()
    .trim()
    .default("")
    .refine((v) => !v || /^smtps?:\/\/[^/\s]+/.test(v), "use smtp://user:password@host:587 or smtps://… for TLS"),
  MAIL_FROM: z.string().trim().min(3).max(200).default("Stockroom <orders@stockroom.test>"),
  MAIL_DIR: z.string().trim().min(1).default(".data/mail"),
  WORKER_MODE: z.enum(["", ...workerModes], { message: "use all, web or worker" }).default(""),
  JOB_MAINTENANCE_SECONDS: int(1, 3_600, 60),
  JOB_LATE_AFTER_SECONDS: int(1, 86_400, 300),
  EVENT_RETENTION_DAYS: int(1, 3_650, 30),
  IDEMPOTENCY_KEY_HOURS: int(1, 8_760, 24),
  ABANDONED_CART_DAYS: int(1, 3_650, 30),
  WEBHOOK_DELIVERY_RETENTION_DAYS: int(1, 3_650, 30),
  WEBHOOK_TIMEOUT_MS: int(100, 60_000, 10_000),
  WEBHOOK_DISABLE_AFTER_HOURS: int(1, 8_760, 120),
  WEBHOOK_ALLOW_LOCALHOST: flag,
  WEBHOOK_RETRY_DELAY_SECONDS: int(1, 3_600, 10),
  REALTIME_MAX_STREAMS: int(1, 1_000_000, 400),
  REALTIME_MAX_STREAMS_PER_USER: int(1, 1_000_000, 10),
  REALTIME_MAX_STREAM_MINUTES: int(1, 1_440, 30),
  REALTIME_KEEPALIVE_SECONDS: int(1, 300, 15),
  IMAGE_STORAGE: z.enum(["", "database", "s3"], { message: "use database or s3" }).default(""),
  IMAGE_MAX_BYTES: int(1_024, 100 * 1_048_576, 10 * 1_048_576),
  IMAGE_MAX_PIXELS: int(1, 1_000_000_000, 50_000_000),
  IMAGE_MAX_PER_PRODUCT: int(1, 100, 10),
  S3_BUCKET: z.string().trim().default(""),
  S3_REGION: z.string().trim().default("us-east-1"),
  S3_ENDPOINT: z
    .string()
    .trim()
    .default("")
    .refine(
      (v) => !v || /^https?:\/\/[^/\s]+/.test(v),
      "use the service's URL, e.g. https://s3.eu-central-1.amazonaws.com or http://127.0.0.1:9000",
    ),
  S3_ACCESS_KEY_ID: z.string().trim().default(""),
  S3_SECRET_ACCESS_KEY: z.string().trim().default(""),
  S3_PREFIX: z
    .string()
    .default("")
    .refine((v) => /^[A-Za-z0-9/_.-]{0,100}$/.test(v), "use up to 100 letters, digits, '/', '_', '.' or '-'"),
});

/** Parses the environment; a bad value throws a ConfigError whose one-line message names the variable. */
export function loadServerConfig(env: Record<string, string | undefined> = process.env): ServerConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`${issue.path.join(".")}: ${issue.message}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === "production";
  // In production a forgotten DATABASE_URL must not quietly become a local embedded database.
  if (production && !env.DATABASE_URL?.trim()) {
    throw new ConfigError(
      "DATABASE_URL is required when NODE_ENV=production: set postgresql://user:password@host:5432/db (or pglite:<dir> to use the embedded database on purpose)",
    );
  }
  return {
    database: resolveDatabaseTarget(env.DATABASE_URL),
    databasePoolSize: e.DATABASE_POOL_SIZE,
    databasePoolTimeoutMs: e.DATABASE_POOL_TIMEOUT_MS,
    slowQueryMs: e.SLOW_QUERY_MS,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT || (e.NODE_ENV === "development" ? "pretty" : "json"),
    production,
    apiCorsOrigins: e.API_CORS_ORIGINS,
    orderChangesSettleMs: e.ORDER_CHANGES_SETTLE_MS,
    redis: redisTarget(e),
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    redisTimeoutMs: e.REDIS_TIMEOUT_MS,
    rateLimits: parseRateLimitSettings(env),
    trustedProxyHops: e.TRUSTED_PROXY_HOPS,
    cacheTtlSeconds: e.CACHE_TTL_SECONDS,
    identityCacheSeconds: e.IDENTITY_CACHE_SECONDS,
    metricsToken: e.METRICS_TOKEN || null,
    metricsAllowFrom: e.METRICS_ALLOW_FROM.length ? e.METRICS_ALLOW_FROM : production ? [] : ["127.0.0.1", "::1", "::ffff:127.0.0.1"],
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    allowDemoData: e.STOCKROOM_ALLOW_DEMO_DATA,
    bodyLimits: { json: e.BODY_LIMIT_JSON_BYTES, form: e.BODY_LIMIT_FORM_BYTES, upload: e.IMAGE_MAX_BYTES + UPLOAD_FORM_ROOM_BYTES },
    trpcMaxBatch: e.TRPC_MAX_BATCH,
    headersTimeoutMs: e.HEADERS_TIMEOUT_MS,
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
    redisBreakerFailures: e.REDIS_BREAKER_FAILURES,
    redisBreakerCooldownMs: e.REDIS_BREAKER_COOLDOWN_MS,
    checkoutLockTimeoutMs: e.CHECKOUT_LOCK_TIMEOUT_MS,
    workerMode: e.WORKER_MODE || "all",
    mail: { smtpUrl: e.SMTP_URL || null, from: e.MAIL_FROM, dir: e.MAIL_DIR },
    jobs: {
      maintenanceSeconds: e.JOB_MAINTENANCE_SECONDS,
      lateAfterSeconds: e.JOB_LATE_AFTER_SECONDS,
      eventRetentionDays: e.EVENT_RETENTION_DAYS,
      idempotencyKeyHours: e.IDEMPOTENCY_KEY_HOURS,
      abandonedCartDays: e.ABANDONED_CART_DAYS,
      webhookDeliveryRetentionDays: e.WEBHOOK_DELIVERY_RETENTION_DAYS,
    },
    webhooks: {
      timeoutMs: e.WEBHOOK_TIMEOUT_MS,
      disableAfterHours: e.WEBHOOK_DISABLE_AFTER_HOURS,
      retryDelaySeconds: e.WEBHOOK_RETRY_DELAY_SECONDS,
      allowLocalhost: e.WEBHOOK_ALLOW_LOCALHOST,
    },
    realtime: {
      maxStreams: e.REALTIME_MAX_STREAMS,
      maxStreamsPerUser: e.REALTIME_MAX_STREAMS_PER_USER,
      maxStreamMinutes: e.REALTIME_MAX_STREAM_MINUTES,
      keepAliveSeconds: e.REALTIME_KEEPALIVE_SECONDS,
    },
    images: {
      storage: imageStorage(e),
      maxBytes: e.IMAGE_MAX_BYTES,
      maxPixels: e.IMAGE_MAX_PIXELS,
      maxPerProduct: e.IMAGE_MAX_PER_PRODUCT,
    },
  };
}

function imageStorage(e: z.infer<typeof envSchema>): ImageSettings["storage"] {
  const s3Named = e.S3_BUCKET || e.S3_ENDPOINT || e.S3_ACCESS_KEY_ID || e.S3_SECRET_ACCESS_KEY;
  if (e.IMAGE_STORAGE !== "s3") {
    if (s3Named && !e.IMAGE_STORAGE)
      throw new ConfigError("S3_* variables are set but IMAGE_STORAGE is not: set IMAGE_STORAGE=s3 to use them (or database)");
    return { kind: "database" };
  }
  const missing = (["S3_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"] as const).filter((name) => !e[name]);
  if (missing.length) throw new ConfigError(`IMAGE_STORAGE=s3 needs ${missing.join(", ")} (docs/images.md)`);
  return {
    kind: "s3",
    bucket: e.S3_BUCKET,
    region: e.S3_REGION,
    endpoint: e.S3_ENDPOINT || null,
    accessKeyId: e.S3_ACCESS_KEY_ID,
    secretAccessKey: e.S3_SECRET_ACCESS_KEY,
    prefix: e.S3_PREFIX,
  };
}

function redisTarget(e: z.infer<typeof envSchema>): RedisTarget {
  const upstash = e.UPSTASH_REDIS_REST_URL || e.UPSTASH_REDIS_REST_TOKEN;
  if (upstash && !(e.UPSTASH_REDIS_REST_URL && e.UPSTASH_REDIS_REST_TOKEN)) {
    throw new ConfigError(
      "UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN must be set together (both are on the database's page at Upstash)",
    );
  }
  if (upstash && e.REDIS_URL) throw new ConfigError("REDIS_URL and UPSTASH_REDIS_REST_URL are both set: choose one Redis");
  if (upstash) return { kind: "upstash", url: e.UPSTASH_REDIS_REST_URL, token: e.UPSTASH_REDIS_REST_TOKEN };
  if (e.REDIS_URL) return { kind: "redis", url: e.REDIS_URL };
  return { kind: "none" };
}

let cached: ServerConfig | undefined;

/** The process's settings, parsed on first use (request paths read them on every call). */
export function getServerConfig(): ServerConfig {
  cached ??= loadServerConfig();
  return cached;
}

/** Forgets the parsed settings, so the next `getServerConfig()` reads the environment again (tests). */
export function resetServerConfig(): void {
  cached = undefined;
}
