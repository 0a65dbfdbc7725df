/**
 * Email + password sign-in, without Auth.js around it (Auth.js's Credentials provider calls this).
 * Unknown email and wrong password give the same answer after the same work (one argon2 verify).
 */
import { loadServerConfig } from "../config";
import type { DbClient } from "../db";
import { createMemoryRateLimiter, type RateLimiter } from "../rate-limit";
import { normaliseEmail, verifyPassword } from "./passwords";

export type SignInProblem = "INVALID_CREDENTIALS" | "ACCOUNT_DISABLED" | "RATE_LIMITED";

export interface SignInLimiters {
  /** Guessing one account's password from one place. */
  perIpAndEmail: RateLimiter;
  /** Spraying many accounts from one place. */
  perIp: RateLimiter;
}

/** Per minute: 5 per address and email, 30 per address, unless SIGN_IN_LIMIT_PER_IP_AND_EMAIL / _PER_IP say otherwise. */
export function defaultSignInLimiters(limits = loadServerConfig().signInLimits): SignInLimiters {
  return {
    perIpAndEmail: createMemoryRateLimiter({ limit: limits.perIpAndEmail, windowMs: 60_000 }),
    perIp: createMemoryRateLimiter({ limit: limits.perIp, windowMs: 60_000 }),
  };
}

export interface SignInAttempt {
  email: string;
  password: string;
  ip: string | null;
}

export type SignInResult =
  | { ok: true; user: { id: string; email: string; name: string } }
  | { ok: false; problem: SignInProblem; retryAfterMs?: number };

export async function signInWithPassword(db: DbClient, attempt: SignInAttempt, limiters: SignInLimiters): Promise<SignInResult> {
  const email = normaliseEmail(attempt.email);
  const ip = attempt.ip ?? "unknown";
  for (const check of [limiters.perIpAndEmail.limit(`${ip}|${email}`), limiters.perIp.limit(ip)]) {
    const result = await check;
    if (!result.success) return { ok: false, problem: "RATE_LIMITED", retryAfterMs: Math.max(0, result.reset - Date.now()) };
  }
  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, passwordHash: true, active: true },
  });
  const passwordOk = await verifyPassword(user?.passwordHash, attempt.password);
  if (!user || !passwordOk) return { ok: false, problem: "INVALID_CREDENTIALS" };
  if (!user.active) return { ok: false, problem: "ACCOUNT_DISABLED" };
  return { ok: true, user: { id: user.id, email: user.email, name: user.name } };
}
