import { diffOf } from "../../../audit/audit";
import { revokeUserSessions } from "../../../auth/sessions";
import type { ActorContext } from "../../../context";
import { assertAnotherAdminRemains, lockUserForChange } from "./guard";
import type { SetUserRoleInput } from "./setRole.schema";
import { adminUserSelect } from "./user.output";

/** Changes a user's role and signs them out everywhere, so the change applies on their next request. */
export async function setUserRoleHandler({ ctx, input }: { ctx: Pick<ActorContext, "audit" | "db" | "unit">; input: SetUserRoleInput }) {
  const before = await lockUserForChange(ctx.db, input.userId);
  ctx.audit.describe({ targetType: "User", targetId: before.id });
  if (before.role === input.role) return before;
  if (before.role === "ADMIN" && before.active) await assertAnotherAdminRemains(ctx.db, before.id);
  const user = await ctx.db.user.update({ where: { id: before.id }, data: { role: input.role }, select: adminUserSelect });
  await revokeUserSessions(ctx, user.id);
  ctx.audit.describe({ diff: diffOf(before, { role: input.role }) });
  return user;
}
