/**
 * Email + password sign-in, without Auth.js around it (Auth.js's Credentials provider calls this).
 * Unknown email and wrong password give the same answer after the same work (one argon2 verify).
 */
import { createHash } from "node:crypto";
import type { DbClient } from "../db";
import { addressKey, type RateLimits } from "../rate-limit";
import { isSafeText } from "../validation/text";
import { normaliseEmail, PASSWORD_MAX_LENGTH, verifyPassword } from "./passwords";

export type SignInProblem = "INVALID_CREDENTIALS" | "ACCOUNT_DISABLED" | "RATE_LIMITED";

export interface SignInAttempt {
  email: string;
  password: string;
  ip: string | null;
}

export type SignInResult =
  { ok: true; user: { id: string; email: string; name: string } } | { ok: false; problem: SignInProblem; retryAfterMs?: number };

/**
 * Checks the password, after two rate limits: `signIn` (guessing one account's password from one place:
 * per address and email) and `signInAddress` (spraying many accounts from one place). Both fail closed
 * when the rate-limit store is unavailable, by default.
 */
export async function signInWithPassword(db: DbClient, attempt: SignInAttempt, limits: RateLimits): Promise<SignInResult> {
  const email = normaliseEmail(attempt.email);
  const address = addressKey(attempt.ip);
  // The email is hashed: rate-limit keys in Redis carry no personal data.
  const emailHash = createHash("sha256").update(email).digest("base64url").slice(0, 22);
  const decisions = await Promise.all([limits.check("signIn", `${address}|email:${emailHash}`), limits.check("signInAddress", address)]);
  for (const decision of decisions) {
    if (!decision.success) return { ok: false, problem: "RATE_LIMITED", retryAfterMs: Math.max(0, decision.reset - Date.now()) };
  }
  // What no account can have (NUL or invalid Unicode, longer than any email or password we accept) is refused
  // like a wrong password, after the same work: never a database error, and no hint of what was wrong.
  const storable =
    isSafeText(email) && isSafeText(attempt.password) && email.length <= 254 && attempt.password.length <= PASSWORD_MAX_LENGTH;
  const user = !storable
    ? null
    : await db.user.findUnique({
        where: { email },
        select: { id: true, email: true, name: true, passwordHash: true, active: true },
      });
  const passwordOk = await verifyPassword(user?.passwordHash, storable ? attempt.password : "");
  if (!user || !passwordOk) return { ok: false, problem: "INVALID_CREDENTIALS" };
  if (!user.active) return { ok: false, problem: "ACCOUNT_DISABLED" };
  return { ok: true, user: { id: user.id, email: user.email, name: user.name } };
}
