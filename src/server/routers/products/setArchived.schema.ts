import { z } from "zod";
import { productIdField } from "./product.fields";

export const setArchivedInput = z.object({ id: productIdField });
export type SetArchivedInput = z.infer<typeof setArchivedInput>;
