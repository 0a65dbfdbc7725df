import { diffOf } from "../../../audit/audit";
import { revokeUserSessions } from "../../../auth/sessions";
import type { ActorContext } from "../../../context";
import { assertAnotherAdminRemains, lockUserForChange } from "./guard";
import type { SetUserActiveInput } from "./setActive.schema";
import { adminUserSelect } from "./user.output";

/** Deactivates (signing the user out everywhere) or reactivates a user. */
export async function setUserActiveHandler({
  ctx,
  input,
}: {
  ctx: Pick<ActorContext, "audit" | "db" | "unit">;
  input: SetUserActiveInput;
}) {
  const before = await lockUserForChange(ctx.db, input.userId);
  ctx.audit.describe({ targetType: "User", targetId: before.id });
  if (before.active === input.active) return before;
  if (!input.active && before.role === "ADMIN") await assertAnotherAdminRemains(ctx.db, before.id);
  const user = await ctx.db.user.update({ where: { id: before.id }, data: { active: input.active }, select: adminUserSelect });
  if (!input.active) await revokeUserSessions(ctx, user.id);
  ctx.audit.describe({ diff: diffOf(before, { active: input.active }) });
  return user;
}
