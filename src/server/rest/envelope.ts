/**
 * The one shape of every REST response (decision 008):
 *   { "data": ..., "meta": { requestId, timestamp, apiVersion, nextCursor? }, "errors": null }
 *   { "data": null, "meta": { ... }, "errors": [{ "code": "STABLE_CODE", "message": "...", "field": "path" }] }
 */
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { describeError } from "../errors";

export const API_VERSION = "v1";

export interface RestError {
  code: string;
  message: string;
  field?: string;
}

export interface RestMetaBlock {
  requestId: string;
  timestamp: string;
  apiVersion: string;
  nextCursor?: string | null;
}

export function metaBlock(requestId: string, extra: Partial<RestMetaBlock> = {}): RestMetaBlock {
  return { requestId, timestamp: new Date().toISOString(), apiVersion: API_VERSION, ...extra };
}

/** Codes a schema names itself (src/server/validation/text.ts) keep their name; zod's own are INVALID_INPUT. */
const namedFieldCodes = new Set(["invalid_text", "negative_zero"]);
function fieldCode(code: string): string {
  return namedFieldCodes.has(code) ? code.toUpperCase() : "INVALID_INPUT";
}

/** The status and `errors` for a failure: one entry per invalid field, else one with the stable reason. */
export function restErrorOf(error: TRPCError): { status: number; errors: RestError[] } {
  const status = getHTTPStatusCodeFromError(error);
  if (status === 503) return { status, errors: [{ code: describeError(error).reason ?? "SERVICE_UNAVAILABLE", message: error.message }] };
  if (status >= 500)
    return {
      status,
      errors: [{ code: "INTERNAL_ERROR", message: "Something went wrong on our side; quote the requestId if you report it" }],
    };
  const described = describeError(error);
  if (described.fieldErrors?.length) {
    const code = described.reason && described.reason !== "INVALID_INPUT" ? described.reason : null;
    return {
      status,
      errors: described.fieldErrors.map((f) => ({
        code: code ?? fieldCode(f.code),
        message: f.message,
        ...(f.path === "(input)" ? {} : { field: f.path }),
      })),
    };
  }
  return { status, errors: [{ code: described.reason ?? error.code, message: described.message }] };
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string>): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: status === 204 ? headers : { "content-type": "application/json; charset=utf-8", ...headers },
  });
}

export function errorResponse(status: number, errors: RestError[], requestId: string, headers: Record<string, string> = {}): Response {
  return jsonResponse(status, { data: null, meta: metaBlock(requestId), errors }, headers);
}
