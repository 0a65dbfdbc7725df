import { z } from "zod";
import { ConfigError, resolveDatabaseTarget, type DatabaseTarget } from "./db/target";

/** Every server setting, read once from the environment (documented in .env.example). */
export interface ServerConfig {
  database: DatabaseTarget;
  /** Connections in this process's pool (PostgreSQL only; PGlite has one). */
  databasePoolSize: number;
  logLevel: LogLevel;
  production: boolean;
  /** Origins whose browsers may call /api/v1 (CORS); empty: none. The tRPC endpoint is never opened. */
  apiCorsOrigins: string[];
  /** How long `order.changes` holds back fresh changes so that slow commits are not skipped (ms). */
  orderChangesSettleMs: number;
  /** Sign-in attempts allowed per minute: per client address and email, and per client address. */
  signInLimits: { perIpAndEmail: number; perIp: number };
}

export const logLevels = ["debug", "info", "warn", "error", "silent"] as const;
export type LogLevel = (typeof logLevels)[number];

const envSchema = z.object({
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  LOG_LEVEL: z.enum(logLevels).default("info"),
  NODE_ENV: z.string().default("development"),
  SIGN_IN_LIMIT_PER_IP_AND_EMAIL: z.coerce.number().int().min(1).max(100_000).default(5),
  SIGN_IN_LIMIT_PER_IP: z.coerce.number().int().min(1).max(100_000).default(30),
  ORDER_CHANGES_SETTLE_MS: z.coerce.number().int().min(0).max(60_000).default(2_000),
  API_CORS_ORIGINS: z
    .string()
    .default("")
    .transform((raw) => raw.split(",").map((o) => o.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^https?:\/\/[^/\s]+$/, "use a comma-separated list of origins such as https://erp.example.com (no path)"))),
});

/** Parses the environment; a bad value throws a ConfigError whose one-line message names the variable. */
export function loadServerConfig(env: Record<string, string | undefined> = process.env): ServerConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`${issue.path.join(".")}: ${issue.message}`);
  }
  const production = parsed.data.NODE_ENV === "production";
  // In production a forgotten DATABASE_URL must not quietly become a local embedded database.
  if (production && !env.DATABASE_URL?.trim()) {
    throw new ConfigError(
      "DATABASE_URL is required when NODE_ENV=production: set postgresql://user:password@host:5432/db (or pglite:<dir> to use the embedded database on purpose)",
    );
  }
  return {
    database: resolveDatabaseTarget(env.DATABASE_URL),
    databasePoolSize: parsed.data.DATABASE_POOL_SIZE,
    logLevel: parsed.data.LOG_LEVEL,
    production,
    apiCorsOrigins: parsed.data.API_CORS_ORIGINS,
    orderChangesSettleMs: parsed.data.ORDER_CHANGES_SETTLE_MS,
    signInLimits: { perIpAndEmail: parsed.data.SIGN_IN_LIMIT_PER_IP_AND_EMAIL, perIp: parsed.data.SIGN_IN_LIMIT_PER_IP },
  };
}
