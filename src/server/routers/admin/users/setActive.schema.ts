import { z } from "zod";
import { text } from "../../../validation/text";

export const setUserActiveInput = z.object({ userId: text().min(1).max(64), active: z.boolean() });
export type SetUserActiveInput = z.infer<typeof setUserActiveInput>;
