import { z } from "zod";
import { text } from "../../../validation/text";
import { Role } from "@/generated/prisma/enums";

export const setUserRoleInput = z.object({ userId: text().min(1).max(64), role: z.enum(Role) });
export type SetUserRoleInput = z.infer<typeof setUserRoleInput>;
