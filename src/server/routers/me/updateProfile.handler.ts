import { diffOf } from "../../audit/audit";
import { announceIdentityChange } from "../../auth/identity-cache";
import type { UserContext } from "../../context";
import type { UpdateProfileInput } from "./updateProfile.schema";

export async function updateProfileHandler({
  ctx,
  input,
}: {
  ctx: Pick<UserContext, "actor" | "audit" | "db" | "unit">;
  input: UpdateProfileInput;
}) {
  const before = await ctx.db.user.findUniqueOrThrow({ where: { id: ctx.actor.userId }, select: { name: true } });
  const user = await ctx.db.user.update({
    where: { id: ctx.actor.userId },
    data: { name: input.name },
    select: { id: true, email: true, name: true, role: true, createdAt: true },
  });
  // Sessions carry the name: every instance reads it afresh.
  announceIdentityChange(ctx.unit, { userId: user.id });
  ctx.audit.describe({ targetType: "User", targetId: user.id, diff: diffOf(before, { name: input.name }) });
  return { type: "user" as const, ...user };
}
