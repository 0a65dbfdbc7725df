import { z } from "zod";
import { text } from "../../validation/text";
import { emailSchema, newPasswordSchema } from "../../auth/passwords";

export const signUpInput = z.object({
  email: emailSchema,
  password: newPasswordSchema,
  name: text().trim().min(1, "Enter your name").max(100, "Use at most 100 characters"),
});
export type SignUpInput = z.infer<typeof signUpInput>;

export const signUpOutput = z.object({ id: z.string(), email: z.string(), name: z.string() });
