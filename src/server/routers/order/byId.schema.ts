import { z } from "zod";

export const orderByIdInput = z.object({ id: z.string().min(1).max(64) });
export type OrderByIdInput = z.infer<typeof orderByIdInput>;
