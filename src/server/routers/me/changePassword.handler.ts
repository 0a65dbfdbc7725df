import { hashPassword, verifyPassword } from "../../auth/passwords";
import { revokeUserSessions } from "../../auth/sessions";
import type { UserContext } from "../../context";
import { appError } from "../../errors";
import type { ChangePasswordInput } from "./changePassword.schema";

/**
 * Changes the password and ends every session of the user, this one included: a stolen cookie must
 * stop working. The web app signs in again with the new password right after.
 */
export async function changePasswordHandler({
  ctx,
  input,
}: {
  ctx: Pick<UserContext, "actor" | "audit" | "db" | "unit">;
  input: ChangePasswordInput;
}) {
  const user = await ctx.db.user.findUniqueOrThrow({ where: { id: ctx.actor.userId }, select: { passwordHash: true } });
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw appError("BAD_REQUEST", "WRONG_PASSWORD", "The current password is not correct", { field: "currentPassword" });
  }
  await ctx.db.user.update({ where: { id: ctx.actor.userId }, data: { passwordHash: await hashPassword(input.newPassword) } });
  const sessionsRevoked = await revokeUserSessions(ctx, ctx.actor.userId);
  ctx.audit.describe({ targetType: "User", targetId: ctx.actor.userId, diff: { password: ["(hidden)", "(changed)"] } });
  return { sessionsRevoked };
}
