import { router } from "../../trpc";
import { adminApiKeysRouter } from "./apiKeys/_router";
import { adminAuditRouter } from "./audit/_router";
import { adminUsersRouter } from "./users/_router";

/** The back office's administration: users and roles, API keys, the audit trail. */
export const adminRouter = router({
  users: adminUsersRouter,
  apiKeys: adminApiKeysRouter,
  audit: adminAuditRouter,
});
