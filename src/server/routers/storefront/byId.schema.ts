import { z } from "zod";
import { text } from "../../validation/text";

export const productByIdInput = z.object({
  id: text().trim().min(1).max(64),
});

export type ProductByIdInput = z.infer<typeof productByIdInput>;
