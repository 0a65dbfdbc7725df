import { z } from "zod";
import { Role } from "@/generated/prisma/enums";

export const setUserRoleInput = z.object({ userId: z.string().min(1).max(64), role: z.enum(Role) });
export type SetUserRoleInput = z.infer<typeof setUserRoleInput>;
