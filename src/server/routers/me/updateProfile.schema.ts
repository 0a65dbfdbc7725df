import { z } from "zod";

export const updateProfileInput = z.object({
  name: z.string().trim().min(1, "Enter your name").max(100, "Use at most 100 characters"),
});
export type UpdateProfileInput = z.infer<typeof updateProfileInput>;
