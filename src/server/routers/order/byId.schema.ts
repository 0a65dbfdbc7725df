import { z } from "zod";
import { text } from "../../validation/text";

export const orderByIdInput = z.object({ id: text().min(1).max(64) });
export type OrderByIdInput = z.infer<typeof orderByIdInput>;
