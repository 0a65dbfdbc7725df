import { permissionProcedure, router } from "../../../trpc";
import { apiKeyOutput } from "./apiKey.output";
import { createApiKeyHandler } from "./create.handler";
import { createApiKeyInput, createApiKeyOutput } from "./create.schema";
import { listApiKeysHandler } from "./list.handler";
import { listApiKeysInput, listApiKeysOutput } from "./list.schema";
import { revokeApiKeyHandler } from "./revoke.handler";
import { revokeApiKeyInput } from "./revoke.schema";

export const adminApiKeysRouter = router({
  list: permissionProcedure("apikey:manage").input(listApiKeysInput).output(listApiKeysOutput).query(listApiKeysHandler),
  create: permissionProcedure("apikey:manage").input(createApiKeyInput).output(createApiKeyOutput).mutation(createApiKeyHandler),
  revoke: permissionProcedure("apikey:manage").input(revokeApiKeyInput).output(apiKeyOutput).mutation(revokeApiKeyHandler),
});
