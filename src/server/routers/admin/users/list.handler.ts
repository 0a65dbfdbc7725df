import type { Prisma } from "@/generated/prisma/client";
import type { ActorContext } from "../../../context";
import { keysetAfter, pageOf } from "../../../cursor";
import { escapeLikePattern } from "../../../like";
import type { ListUsersInput } from "./list.schema";
import { adminUserSelect } from "./user.output";

/** Users by email, filtered by role, status and text. */
export async function listUsersHandler({ ctx, input }: { ctx: Pick<ActorContext, "db">; input: ListUsersInput }) {
  const and: Prisma.UserWhereInput[] = [];
  if (input.role) and.push({ role: input.role });
  if (input.active !== undefined) and.push({ active: input.active });
  if (input.search) {
    const search = escapeLikePattern(input.search);
    and.push({ OR: [{ email: { contains: search, mode: "insensitive" } }, { name: { contains: search, mode: "insensitive" } }] });
  }
  if (input.cursor) {
    const [email, id] = input.cursor;
    and.push(keysetAfter("email", email, id, "asc"));
  }
  const rows = await ctx.db.user.findMany({
    where: { AND: and },
    orderBy: [{ email: "asc" }, { id: "asc" }],
    take: input.limit + 1,
    select: adminUserSelect,
  });
  return pageOf(rows, input.limit, (last) => [last.email, last.id]);
}
