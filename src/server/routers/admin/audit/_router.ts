import { permissionProcedure, router } from "../../../trpc";
import { listAuditEventsHandler } from "./list.handler";
import { listAuditEventsInput, listAuditEventsOutput } from "./list.schema";

export const adminAuditRouter = router({
  list: permissionProcedure("audit:read")
    .meta({ openapi: { method: "GET", path: "/audit-events", tags: ["Audit"], summary: "The audit trail, newest first, with filters" } })
    .input(listAuditEventsInput)
    .output(listAuditEventsOutput)
    .query(listAuditEventsHandler),
});
