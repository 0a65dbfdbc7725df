import { hash, verify } from "@node-rs/argon2";
import { z } from "zod";
import { text } from "../validation/text";

/** OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane (about 25 ms here). */
const argon2idOptions = { algorithm: 2 /* Argon2id */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;

/** A new password: long enough to resist guessing, short enough not to be a denial-of-service vector. */
export const newPasswordSchema = text()
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters`);

/** Emails are compared and stored trimmed and lower-cased. */
export const emailSchema = text().trim().toLowerCase().pipe(z.email("Enter a valid email address").max(254, "Use at most 254 characters"));

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, argon2idOptions);
}

// Checked when the email is unknown (or has no password), so that answer takes as long as a wrong password.
let dummyHash: Promise<string> | undefined;

/** True when `password` matches `passwordHash`; with no hash, spends the same time and returns false. */
export async function verifyPassword(passwordHash: string | null | undefined, password: string): Promise<boolean> {
  if (!passwordHash) {
    dummyHash ??= hashPassword("stockroom-timing-equaliser");
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(passwordHash, password).catch(() => false);
}
