import { permissionProcedure, router } from "../../../trpc";
import { listAuditEventsHandler } from "./list.handler";
import { listAuditEventsInput, listAuditEventsOutput } from "./list.schema";

export const adminAuditRouter = router({
  list: permissionProcedure("audit:read").input(listAuditEventsInput).output(listAuditEventsOutput).query(listAuditEventsHandler),
});
