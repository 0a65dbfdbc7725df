import { observed } from "@/server/observability/http";
import { handleRestRequest } from "@/server/rest/handler";

export const dynamic = "force-dynamic";

const handle = observed("/api/v1/(unmatched)", handleRestRequest);

/** REST for integrators: every procedure with `openapi` metadata, under /api/v1 (src/server/rest). */
export { handle as GET, handle as POST, handle as PATCH, handle as PUT, handle as DELETE, handle as OPTIONS };
