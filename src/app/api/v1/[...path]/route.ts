import { handleRestRequest } from "@/server/rest/handler";

export const dynamic = "force-dynamic";

/** REST for integrators: every procedure with `openapi` metadata, under /api/v1 (src/server/rest). */
export { handleRestRequest as GET, handleRestRequest as POST, handleRestRequest as PATCH, handleRestRequest as PUT, handleRestRequest as DELETE, handleRestRequest as OPTIONS };
