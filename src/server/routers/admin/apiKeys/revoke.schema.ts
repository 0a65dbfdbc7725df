import { z } from "zod";
import { text } from "../../../validation/text";

export const revokeApiKeyInput = z.object({ id: text().min(1).max(64) });
export type RevokeApiKeyInput = z.infer<typeof revokeApiKeyInput>;
