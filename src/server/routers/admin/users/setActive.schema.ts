import { z } from "zod";

export const setUserActiveInput = z.object({ userId: z.string().min(1).max(64), active: z.boolean() });
export type SetUserActiveInput = z.infer<typeof setUserActiveInput>;
