import { z } from "zod";
import { text } from "../../../validation/text";
import { Role } from "@/generated/prisma/enums";
import { cursorInput, pageLimit } from "../../../cursor";
import { adminUserOutput } from "./user.output";

export const listUsersInput = z.object({
  limit: pageLimit,
  /** After the last (email, id) of the previous page. */
  cursor: cursorInput(z.tuple([text(), text()])).nullish(),
  /** Part of an email or name. */
  search: text().trim().max(100).optional(),
  role: z.enum(Role).optional(),
  active: z.boolean().optional(),
});
export type ListUsersInput = z.infer<typeof listUsersInput>;

export const listUsersOutput = z.object({ items: z.array(adminUserOutput), nextCursor: z.string().nullable() });
