import { z } from "zod";
import { catalogProductOutput } from "./catalog.output";
import { productIdField } from "./product.fields";

/** How many products one call may archive (a back-office page of them, with room). */
export const ARCHIVE_MANY_MAX = 100;

export const archiveManyInput = z.object({
  ids: z
    .array(productIdField)
    .min(1)
    .max(ARCHIVE_MANY_MAX)
    .refine((ids) => new Set(ids).size === ids.length, { message: "Each product once" }),
});
export type ArchiveManyInput = z.infer<typeof archiveManyInput>;

export const archiveManyOutput = z.object({
  /** Every product asked for, archived (those already archived are included unchanged). */
  products: z.array(catalogProductOutput),
});
