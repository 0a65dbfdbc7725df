import { NextRequest } from "next/server";
import { handlers } from "@/server/auth/next-auth";
import { getServerConfig } from "@/server/config";
import { BodyTooLarge, readBodyText } from "@/server/http/body";
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

/**
 * Auth.js parses its form posts whole: the body is read here first, up to the form limit
 * (BODY_LIMIT_FORM_BYTES), and handed on as text. Past the limit: 413, nothing parsed.
 */
function withFormLimit(handler: (req: NextRequest) => Promise<Response>) {
  return async (req: NextRequest) => {
    const limit = getServerConfig().bodyLimits.form;
    let body: string;
    try {
      body = await readBodyText(req, limit);
    } catch (error) {
      if (!(error instanceof BodyTooLarge)) throw error;
      return Response.json({ error: "BODY_TOO_LARGE", message: error.message }, { status: 413, headers: { connection: "close" } });
    }
    return handler(new NextRequest(req.url, { method: req.method, headers: req.headers, body }));
  };
}

export const GET = observed("/api/auth/(other)", withAction(handlers.GET));
export const POST = observed("/api/auth/(other)", withAction(withFormLimit(handlers.POST)));
