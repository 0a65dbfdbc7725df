import { permissionProcedure, router } from "../../../trpc";
import { listUsersHandler } from "./list.handler";
import { listUsersInput, listUsersOutput } from "./list.schema";
import { setUserActiveHandler } from "./setActive.handler";
import { setUserActiveInput } from "./setActive.schema";
import { setUserRoleHandler } from "./setRole.handler";
import { setUserRoleInput } from "./setRole.schema";
import { adminUserOutput } from "./user.output";

export const adminUsersRouter = router({
  list: permissionProcedure("user:read:any").input(listUsersInput).output(listUsersOutput).query(listUsersHandler),
  setRole: permissionProcedure("user:manage").input(setUserRoleInput).output(adminUserOutput).mutation(setUserRoleHandler),
  setActive: permissionProcedure("user:manage").input(setUserActiveInput).output(adminUserOutput).mutation(setUserActiveHandler),
});
