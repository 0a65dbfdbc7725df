import type { NextRequest } from "next/server";
import { handlers } from "@/server/auth/next-auth";
import { observed, type RequestRecord } from "@/server/observability/http";

export const dynamic = "force-dynamic";

/** Auth.js's own endpoints; the route in logs and metrics is the action (`/api/auth/callback/credentials`). */
const actions = /^\/api\/auth\/(session|csrf|providers|signin|signout|error|verify-request|callback\/[a-z0-9-]+|signin\/[a-z0-9-]+)$/;

function withAction(handler: (req: NextRequest) => Promise<Response>) {
  return (req: Request, record: RequestRecord) => {
    const action = actions.exec(new URL(req.url).pathname)?.[0];
    if (action) record.route = action;
    return handler(req as NextRequest);
  };
}

export const GET = observed("/api/auth/(other)", withAction(handlers.GET));
export const POST = observed("/api/auth/(other)", withAction(handlers.POST));
