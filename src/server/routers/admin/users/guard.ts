import { TRPCError } from "@trpc/server";
import type { DbClient } from "../../../db";
import { appError } from "../../../errors";
import { adminUserSelect } from "./user.output";

/**
 * Loads the user a role/status change is about, locking every active admin row first so that two admins
 * demoting each other at the same moment cannot both succeed and leave no admin.
 */
export async function lockUserForChange(db: DbClient, userId: string) {
  await db.$queryRaw`SELECT "id" FROM "User" WHERE "role" = 'ADMIN' AND "active" ORDER BY "id" FOR UPDATE`;
  const user = await db.user.findUnique({ where: { id: userId }, select: adminUserSelect });
  if (!user) throw new TRPCError({ code: "NOT_FOUND", message: `No user with id ${userId}` });
  return user;
}

/** Refuses a change that would leave no active admin. */
export async function assertAnotherAdminRemains(db: DbClient, userId: string) {
  const others = await db.user.count({ where: { role: "ADMIN", active: true, id: { not: userId } } });
  if (others === 0) {
    throw appError("CONFLICT", "LAST_ADMIN", "This is the last active admin: make someone else an admin first", { field: "userId" });
  }
}
