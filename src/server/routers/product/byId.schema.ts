import { z } from "zod";

export const productByIdInput = z.object({
  id: z.string().trim().min(1).max(64),
});

export type ProductByIdInput = z.infer<typeof productByIdInput>;
