import { z } from "zod";

export const revokeApiKeyInput = z.object({ id: z.string().min(1).max(64) });
export type RevokeApiKeyInput = z.infer<typeof revokeApiKeyInput>;
