import { z } from "zod";
import { text } from "../../validation/text";

export const updateProfileInput = z.object({
  name: text().trim().min(1, "Enter your name").max(100, "Use at most 100 characters"),
});
export type UpdateProfileInput = z.infer<typeof updateProfileInput>;
