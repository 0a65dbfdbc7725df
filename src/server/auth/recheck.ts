/**
 * Whether an identity a long-lived request started with still holds: its session not signed out, expired
 * or revoked (a role or status change revokes a user's sessions), its API key not revoked or expired.
 * Sessions are read through the identity cache, which every instance drops on a change, so rechecking
 * on every event of a realtime stream is cheap; API keys are read again at most every `keyRecheckMs`.
 */
import type { DbClient } from "../db";
import type { Actor } from "./permissions";
import { actorForSession } from "./sessions";

export function identityRecheck(db: DbClient, actor: Actor | null, keyRecheckMs = 5_000, now = () => Date.now()): () => Promise<boolean> {
  if (!actor) return async () => true;
  if (actor.type === "user") return async () => (await actorForSession(db, actor.sessionId)) !== null;
  let checkedAt = -Infinity;
  let valid = true;
  return async () => {
    if (!valid || now() - checkedAt < keyRecheckMs) return valid;
    const key = await db.apiKey.findUnique({ where: { id: actor.apiKeyId }, select: { revokedAt: true, expiresAt: true } });
    checkedAt = now();
    valid = !!key && !key.revokedAt && (!key.expiresAt || key.expiresAt.getTime() > now());
    return valid;
  };
}
