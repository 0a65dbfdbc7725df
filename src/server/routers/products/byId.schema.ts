import { z } from "zod";
import { productIdField } from "./product.fields";

export const catalogByIdInput = z.object({ id: productIdField });
export type CatalogByIdInput = z.infer<typeof catalogByIdInput>;
