import { z } from "zod";
import { Role } from "@/generated/prisma/enums";

export const adminUserSelect = { id: true, email: true, name: true, role: true, active: true, createdAt: true } as const;

export const adminUserOutput = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(Role),
  active: z.boolean(),
  createdAt: z.date(),
});
