/**
 * REST for integrators: /api/v1/... → the same procedures through `createCaller`, so access checks,
 * transactions, audit and logging are the tRPC ones. This layer only maps HTTP to procedure input and the
 * result to the envelope and a status code. Credentials: `Authorization: Bearer <API key>` only; cookies
 * are ignored, so a browser session can never be used cross-site through REST.
 */
import { createHash } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { decideAccess } from "../auth/permissions";
import { getServerConfig } from "../config";
import { actorLabel, type Context } from "../context";
import { requestIdFrom } from "../http/request-id";
import { getDatabase } from "../db";
import { isDatabaseUnavailable } from "../db/errors";
import { UNAVAILABLE_RETRY_AFTER_SECONDS } from "../errors";
import { BodyTooLarge, declaredLength, declaredTooLarge, limitedBody, readBodyText } from "../http/body";
import { DuplicateFormField, formFields } from "../http/form";
import { getLogger } from "../logger";
import { fileHeaders, textStream } from "../http/stream";
import type { RequestRecord } from "../observability/http";
import { rateLimitHeaders } from "../rate-limit/headers";
import { contextForRequest, identify, type Identity } from "../request-context";
import { getRateLimits } from "../rate-limit";
import { createCaller } from "../routers/_app";
import { errorResponse, jsonResponse, metaBlock, restErrorOf } from "./envelope";
import { innerSchema, matchOperation, type RestOperation } from "./operations";

export const REST_PREFIX = "/api/v1";

/** Converts one query-string value to what the field's schema expects; anything odd is left for zod to reject. */
function fromQueryValue(schema: z.ZodType | undefined, values: string[]): unknown {
  const inner = schema ? innerSchema(schema) : undefined;
  if (inner instanceof z.ZodArray) return values.map((v) => fromQueryValue(inner.element as z.ZodType, [v]));
  const value = values.at(-1)!;
  if (inner instanceof z.ZodNumber) return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  if (inner instanceof z.ZodBoolean) return value === "true" ? true : value === "false" ? false : value;
  if (inner instanceof z.ZodDate) {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? value : date;
  }
  return value;
}

export function queryInput(operation: Pick<RestOperation, "input">, url: URL): Record<string, unknown> {
  const shape = operation.input ? innerSchema(operation.input) : null;
  const fields = shape instanceof z.ZodObject ? (shape.shape as Record<string, z.ZodType>) : {};
  // Own fields only (`?constructor=` is not Object's constructor), and own properties only (`?__proto__=`
  // sets no prototype): Object.fromEntries defines each key as plain data.
  return Object.fromEntries(
    [...new Set(url.searchParams.keys())].map((key) => [
      key,
      fromQueryValue(Object.hasOwn(fields, key) ? fields[key] : undefined, url.searchParams.getAll(key)),
    ]),
  );
}

/** The operation's procedure, called in process with `ctx` (access checks, limits and logs as tRPC's). */
export function procedureCaller(operation: Pick<RestOperation, "procedure">, ctx: Context): (input: unknown) => Promise<unknown> {
  return operation.procedure.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], createCaller(ctx)) as (
    input: unknown,
  ) => Promise<unknown>;
}

class BadRequest extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** Whether the request carries a body (declared, or streamed in chunks). */
function hasBody(req: Request): boolean {
  const length = declaredLength(req.headers);
  return length !== null ? length > 0 : req.body !== null;
}

/** The JSON object in the body, read only up to the JSON body limit. */
async function bodyInput(req: Request, limitBytes: number): Promise<Record<string, unknown>> {
  if (!hasBody(req)) return {};
  if (!req.headers.get("content-type")?.toLowerCase().startsWith("application/json")) {
    throw new BadRequest("UNSUPPORTED_MEDIA_TYPE", "Send the body as JSON with Content-Type: application/json", 415);
  }
  let text: string;
  try {
    text = await readBodyText(req, limitBytes);
  } catch (error) {
    if (error instanceof BodyTooLarge) throw new BadRequest("BODY_TOO_LARGE", error.message, 413);
    throw error;
  }
  if (!text.trim()) return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new BadRequest("INVALID_JSON", "The body is not valid JSON");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw new BadRequest("INVALID_BODY", "The body must be a JSON object");
  return body as Record<string, unknown>;
}

/**
 * The fields of a multipart/form-data body (an upload: meta `upload`), read only up to the upload limit:
 * text fields as strings, files as Blobs, each name once.
 */
async function formInput(req: Request, limitBytes: number): Promise<Record<string, unknown>> {
  const contentType = req.headers.get("content-type") ?? "";
  if (!contentType.toLowerCase().startsWith("multipart/form-data") || !req.body) {
    throw new BadRequest("UNSUPPORTED_MEDIA_TYPE", "Send the body as multipart/form-data (the file in the field `file`)", 415);
  }
  let form: FormData;
  try {
    form = await new Response(limitedBody(req.body, limitBytes), { headers: { "content-type": contentType } }).formData();
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    if (error instanceof BodyTooLarge || cause instanceof BodyTooLarge)
      throw new BadRequest("BODY_TOO_LARGE", new BodyTooLarge(limitBytes).message, 413, "file");
    throw new BadRequest("INVALID_MULTIPART", "The body is not valid multipart/form-data");
  }
  try {
    return formFields(form);
  } catch (error) {
    if (!(error instanceof DuplicateFormField)) throw error;
    throw new BadRequest("DUPLICATE_FIELD", error.message, 400, error.field);
  }
}

/** Headers every REST answer carries: the request id, no caching of private data, and CORS when allowed. */
function baseHeaders(req: Request, requestId: string): Record<string, string> {
  const headers: Record<string, string> = { "x-request-id": requestId, "cache-control": "private, no-store", vary: "Origin" };
  const origin = req.headers.get("origin");
  if (origin && getServerConfig().apiCorsOrigins.includes(origin)) {
    headers["access-control-allow-origin"] = origin;
    headers["access-control-expose-headers"] =
      "x-request-id, location, etag, retry-after, ratelimit-limit, ratelimit-remaining, ratelimit-reset, ratelimit-policy";
  }
  return headers;
}

/** A weak validator for a public answer: the same data (whatever the request id and time) has the same tag. */
function etagOf(body: unknown): string {
  return `W/"${createHash("sha1").update(JSON.stringify(body)).digest("base64url")}"`;
}

function matchesIfNoneMatch(header: string | null, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, "");
  return header.split(",").some((tag) => opaque(tag) === opaque(etag));
}

function preflight(req: Request, requestId: string): Response {
  const headers = baseHeaders(req, requestId);
  if (headers["access-control-allow-origin"]) {
    headers["access-control-allow-methods"] = "GET, POST, PATCH, DELETE, OPTIONS";
    headers["access-control-allow-headers"] = "authorization, content-type, idempotency-key, x-request-id";
    headers["access-control-max-age"] = "600";
  }
  return new Response(null, { status: 204, headers });
}

/** `/orders/{id}` with the output's `id`; `{endpoint.id}` reads a nested field. */
function locationOf(template: string, output: unknown): string {
  const field = (path: string) =>
    path.split(".").reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], output);
  return REST_PREFIX + template.replace(/\{([\w.]+)\}/g, (_, path: string) => encodeURIComponent(String(field(path))));
}

export async function handleRestRequest(req: Request, record?: RequestRecord): Promise<Response> {
  const requestId = record?.requestId ?? requestIdFrom(req.headers);
  if (req.method === "OPTIONS") return preflight(req, requestId);
  const headers = baseHeaders(req, requestId);
  const url = new URL(req.url);
  const path = url.pathname.slice(REST_PREFIX.length).replace(/\/+$/, "") || "/";
  let matched: ReturnType<typeof matchOperation>;
  try {
    matched = matchOperation(req.method, path);
  } catch (error) {
    if (!(error instanceof URIError)) throw error;
    return errorResponse(400, [{ code: "MALFORMED_URL", message: "The path is not valid percent-encoded UTF-8" }], requestId, headers);
  }
  if (!matched)
    return errorResponse(
      404,
      [{ code: "ROUTE_NOT_FOUND", message: `No operation at ${req.method} ${url.pathname}; see ${REST_PREFIX}/openapi.json` }],
      requestId,
      headers,
    );
  if ("allowed" in matched) {
    return errorResponse(
      405,
      [{ code: "METHOD_NOT_ALLOWED", message: `${url.pathname} accepts ${matched.allowed.join(", ")}` }],
      requestId,
      { ...headers, allow: matched.allowed.join(", ") },
    );
  }
  const { operation, params } = matched;
  if (record) {
    record.route = `${REST_PREFIX}${operation.path}`;
    record.procedure = operation.procedure;
  }
  const bodyLimit = operation.upload ? getServerConfig().bodyLimits.upload : getServerConfig().bodyLimits.json;
  // A body declared over the limit is refused before anything is read (and the connection is not kept:
  // the rest of the upload is not worth reading).
  if (declaredTooLarge(req.headers, bodyLimit)) {
    return errorResponse(413, [{ code: "BODY_TOO_LARGE", message: new BodyTooLarge(bodyLimit).message }], requestId, {
      ...headers,
      connection: "close",
    });
  }

  // Who is calling, before any body is read: a caller who may not call this operation never gets it read.
  const { db } = getDatabase();
  const credentials = new Headers(req.headers);
  credentials.delete("cookie");
  let identity: Identity;
  try {
    identity = await identify(db, credentials, getRateLimits());
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    getLogger().error("REST request failed: database unavailable", { requestId, error });
    return errorResponse(503, [{ code: "DEPENDENCY_UNAVAILABLE", message: "The database is unavailable; try again shortly" }], requestId, {
      ...headers,
      "retry-after": UNAVAILABLE_RETRY_AFTER_SECONDS,
    });
  }
  if (record && identity.actor) record.actor = actorLabel(identity.actor);
  const mayCall = !identity.credentialProblem && !identity.refusal && decideAccess(operation.access, identity.actor) === "allow";

  let input: Record<string, unknown>;
  try {
    const fromBody = operation.type === "mutation" && req.method !== "DELETE";
    // Refused callers get their 401/403 from the procedure's access check, which runs before input is parsed.
    if (fromBody && !mayCall && hasBody(req)) headers.connection = "close";
    const readBody = operation.upload ? formInput : bodyInput;
    input = { ...(fromBody ? (mayCall ? await readBody(req, bodyLimit) : {}) : queryInput(operation, url)), ...params };
    const idempotencyKey = req.headers.get("idempotency-key");
    const fields = operation.input ? innerSchema(operation.input) : null;
    if (idempotencyKey !== null && fields instanceof z.ZodObject && "idempotencyKey" in fields.shape) {
      if (input.idempotencyKey !== undefined && input.idempotencyKey !== idempotencyKey) {
        throw new BadRequest(
          "IDEMPOTENCY_KEY_MISMATCH",
          "The Idempotency-Key header and the body's idempotencyKey differ",
          400,
          "idempotencyKey",
        );
      }
      input.idempotencyKey = idempotencyKey;
    }
  } catch (error) {
    if (!(error instanceof BadRequest)) throw error;
    const extra: Record<string, string> = error.status === 413 ? { connection: "close" } : {};
    return errorResponse(
      error.status,
      [{ code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) }],
      requestId,
      { ...headers, ...extra },
    );
  }

  const ctx = contextForRequest(db, req.headers, requestId, identity, "rest");
  const call = procedureCaller(operation, ctx);

  try {
    const output = await call(operation.input ? input : undefined);
    Object.assign(headers, rateLimitHeaders(ctx.rateLimitDecisions));
    const replayed = operation.rest.replayedField ? (output as Record<string, unknown>)[operation.rest.replayedField] === true : false;
    if (operation.rest.file) {
      const body = textStream(output as AsyncIterable<string>, (error) =>
        getLogger().error("file download failed after its headers", { requestId, procedure: operation.procedure, error }),
      );
      return new Response(body, { status: 200, headers: { ...headers, ...fileHeaders(operation.rest.file) } });
    }
    const status = replayed ? 200 : (operation.rest.successStatus ?? 200);
    if (status === 201 && operation.rest.location) headers.location = locationOf(operation.rest.location, output);
    const page = operation.paginated ? (output as { items: unknown[]; nextCursor: string | null }) : null;
    const data = page ? page.items : output;
    if (operation.access.kind === "public" && req.method === "GET") {
      // Public data: any cache may keep it but must revalidate; an unchanged answer is a 304 without a body.
      headers.etag = etagOf(page ? { data, nextCursor: page.nextCursor } : { data });
      headers["cache-control"] = "public, no-cache";
      if (matchesIfNoneMatch(req.headers.get("if-none-match"), headers.etag)) return new Response(null, { status: 304, headers });
    }
    return jsonResponse(status, { data, meta: metaBlock(requestId, page ? { nextCursor: page.nextCursor } : {}), errors: null }, headers);
  } catch (error) {
    // Procedures log their own failures (logCall); here only the mapping to HTTP remains.
    Object.assign(headers, rateLimitHeaders(ctx.rateLimitDecisions));
    const trpcError = error instanceof TRPCError ? error : new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: error });
    const { status, errors } = restErrorOf(trpcError);
    return errorResponse(
      status,
      errors,
      requestId,
      status === 503 ? { ...headers, "retry-after": UNAVAILABLE_RETRY_AFTER_SECONDS } : headers,
    );
  }
}
