/**
 * Server-side sessions. The browser's cookie is an Auth.js JWT that carries only a session id (`sid`);
 * the row decides whether it still works, so deleting rows revokes cookies on their next request.
 */
import { randomBytes } from "node:crypto";
import type { ClientInfo } from "../client-info";
import type { DbClient } from "../db";
import type { Work } from "../db/unit-of-work";
import { announceIdentityChange, getIdentityCache } from "./identity-cache";
import type { Actor } from "./permissions";

/** How long a sign-in lasts without being renewed. */
export const SESSION_MAX_AGE_SECONDS = 14 * 24 * 60 * 60;

export async function createSession(
  db: DbClient,
  userId: string,
  client: Partial<ClientInfo> = {},
): Promise<{ id: string; expiresAt: Date }> {
  const id = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000);
  await db.session.create({
    data: { id, userId, expiresAt, ip: client.ip?.slice(0, 64) ?? null, userAgent: client.userAgent?.slice(0, 512) ?? null },
  });
  return { id, expiresAt };
}

/**
 * The signed-in user behind a session id, or null when the session is gone, expired or the user
 * deactivated. Held in process between changes (./identity-cache.ts): no query per request.
 */
export async function actorForSession(db: DbClient, sessionId: string): Promise<Extract<Actor, { type: "user" }> | null> {
  return getIdentityCache().session(sessionId, async () => {
    const session = await db.session.findUnique({
      where: { id: sessionId },
      select: { expiresAt: true, user: { select: { id: true, email: true, name: true, role: true, active: true } } },
    });
    if (!session || session.expiresAt.getTime() <= Date.now() || !session.user.active) return null;
    const { user } = session;
    return {
      actor: { type: "user", userId: user.id, email: user.email, name: user.name, role: user.role, sessionId },
      expiresAt: session.expiresAt,
    };
  });
}

export async function revokeSession({ db, unit }: Work, sessionId: string): Promise<void> {
  await db.session.deleteMany({ where: { id: sessionId } });
  announceIdentityChange(unit, { sessionId });
}

/** Signs a user out everywhere (password, role or status changed). Returns how many sessions ended. */
export async function revokeUserSessions({ db, unit }: Work, userId: string): Promise<number> {
  const ended = (await db.session.deleteMany({ where: { userId } })).count;
  announceIdentityChange(unit, { userId });
  return ended;
}
