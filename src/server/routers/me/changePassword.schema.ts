import { z } from "zod";
import { text } from "../../validation/text";
import { newPasswordSchema, PASSWORD_MAX_LENGTH } from "../../auth/passwords";

export const changePasswordInput = z.object({
  currentPassword: text().min(1, "Enter your current password").max(PASSWORD_MAX_LENGTH),
  newPassword: newPasswordSchema,
});
export type ChangePasswordInput = z.infer<typeof changePasswordInput>;

export const changePasswordOutput = z.object({ sessionsRevoked: z.number().int() });
