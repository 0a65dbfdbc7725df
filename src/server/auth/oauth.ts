import type { DbClient } from "../db";
import { normaliseEmail } from "./passwords";

export interface OAuthIdentity {
  provider: string;
  providerAccountId: string;
  email: string | null | undefined;
  /** False when the provider says the address is unverified: then it is never linked to an existing account. */
  emailVerified: boolean;
  name: string | null | undefined;
}

/**
 * The user an OAuth sign-in belongs to: the linked one, else the user with that (verified) email, else a
 * new customer. Null when it must be refused (no email, unverified email of an existing account, deactivated).
 */
export async function resolveOAuthUser(db: DbClient, identity: OAuthIdentity): Promise<{ id: string } | null> {
  const linked = await db.account.findUnique({
    where: { provider_providerAccountId: { provider: identity.provider, providerAccountId: identity.providerAccountId } },
    select: { user: { select: { id: true, active: true } } },
  });
  if (linked) return linked.user.active ? { id: linked.user.id } : null;
  if (!identity.email) return null;
  const email = normaliseEmail(identity.email);
  const existing = await db.user.findUnique({ where: { email }, select: { id: true, active: true } });
  if (existing && (!identity.emailVerified || !existing.active)) return null;
  const user =
    existing ??
    (await db.user.create({
      data: { email, name: identity.name?.trim() || email.split("@")[0]!, role: "CUSTOMER" },
      select: { id: true },
    }));
  await db.account.create({ data: { provider: identity.provider, providerAccountId: identity.providerAccountId, userId: user.id } });
  return { id: user.id };
}
