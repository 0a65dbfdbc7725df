/**
 * GET /api/v1/openapi.json: generated from the procedures by trpc-to-openapi, then rewritten to describe
 * what src/server/rest/handler.ts really sends: the envelope, 201/204 statuses, the errors each operation
 * can answer, who may call it, and the Idempotency-Key header. Never edited by hand.
 */
import { generateOpenApiDocument, type OpenAPIObject } from "trpc-to-openapi";
import { apiKeyScopeNames, apiKeyScopes, type Access, type Permission } from "../auth/permissions";
import { getServerConfig } from "../config";
import { eventCatalog, eventTypes } from "../events/catalog";
import { describeWindow, type RateLimitPolicyName } from "../rate-limit/policies";
import { appRouter } from "../routers/_app";
import { API_VERSION } from "./envelope";
import { REST_PREFIX } from "./handler";
import { innerSchema, restOperations, type RestOperation } from "./operations";
import { z } from "zod";

type Schema = Record<string, unknown>;
type Operation = {
  operationId?: string;
  description?: string;
  security?: unknown;
  parameters?: Schema[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: Schema }> }>;
} & Schema;

const description = `Stockroom's REST API for integrators (ERP, fulfilment, accounting): the same operations the web app uses.

**Authentication**: \`Authorization: Bearer sk_live_…\` with an API key an admin created. Each operation lists the scopes that allow it.

**Envelope**: every response is \`{ "data", "meta", "errors" }\`. On success \`errors\` is null; on failure \`data\` is null and \`errors\` lists \`{ code, message, field? }\` with stable codes (e.g. \`OUT_OF_STOCK\`, \`ILLEGAL_TRANSITION\`, \`INVALID_INPUT\`). \`meta\` has \`requestId\` (also the \`x-request-id\` header; send your own to correlate), \`timestamp\` and \`apiVersion\`.

**Pagination**: lists take \`limit\` (1-100) and \`cursor\`; pass \`meta.nextCursor\` back for the next page (null: no more). \`GET /orders/changes\` always returns a cursor, for polling what changed since.

**Dates** are ISO 8601 strings in UTC. **Money** is an integer number of minor units (cents) with an ISO 4217 currency.

**Rate limits**: every call counts against the API key's limit (or, without a key on a public operation, the client address's); some operations have a limit of their own. Each operation lists its limits (\`x-rate-limits\`). Answers carry \`RateLimit-Limit\`, \`RateLimit-Remaining\` and \`RateLimit-Reset\` (seconds) for the tightest of them, and \`RateLimit-Policy\`; over a limit the answer is 429 \`RATE_LIMITED\` with \`Retry-After\` (seconds).

**Caching**: public \`GET\`s (the storefront) send a weak \`ETag\` and \`Cache-Control: public, no-cache\`; send it back in \`If-None-Match\` and an unchanged answer is a 304 without a body. Everything else is \`Cache-Control: private, no-store\`.

**Idempotency**: send \`Idempotency-Key\` (a new UUID per order) on \`POST /orders\`; a retry with the same key returns the same order (200 instead of 201) and takes stock once; the same key with different lines is 409 \`IDEMPOTENCY_KEY_REUSED\`.

**Versions**: the version is in the path. A future \`/api/v2\` would be served beside \`/api/v1\` from the same procedures, with its own document at \`/api/v2/openapi.json\`. An operation due to go away is marked \`deprecated\` here and answered with \`Deprecation\` and \`Sunset\` headers (RFC 9745, RFC 8594) for at least six months before it is removed.`;

const errorDescriptions: Record<number, string> = {
  400: "Invalid input: `errors[]` names each field (`INVALID_INPUT`; `INVALID_TEXT` for a NUL character or an unpaired surrogate; `NEGATIVE_ZERO`), the body is not JSON (`INVALID_JSON`), or the path is not valid percent-encoding (`MALFORMED_URL`)",
  401: "No API key, or one that is malformed, unknown, revoked or expired (`AUTHENTICATION_REQUIRED`, `INVALID_API_KEY`, `API_KEY_REVOKED`, `API_KEY_EXPIRED`)",
  403: "The API key lacks the scope this operation needs (`PERMISSION_DENIED`)",
  404: "No such resource (or not yours)",
  409: "Conflict: taken SKU, out of stock, illegal transition, idempotency key reused, or a concurrent update that still collided after retries (`CONCURRENT_UPDATE`; safe to retry) (see `errors[].code`)",
  413: "The body is larger than this endpoint takes (`BODY_TOO_LARGE`; the message states the limit; it was not read), or an uploaded image is over its limit (`IMAGE_TOO_LARGE`)",
  415: "The body is not sent as application/json (multipart/form-data for uploads), or an uploaded file is not an accepted image (`IMAGE_TYPE_NOT_ACCEPTED`)",
  422: "Well formed but cannot be done (e.g. `STOCK_WOULD_GO_NEGATIVE`, `PRODUCT_UNAVAILABLE`, `MIXED_CURRENCIES`, `IMAGE_DIMENSIONS_TOO_LARGE`, `IMAGE_UNREADABLE`, `IMAGE_LIMIT_REACHED`)",
  429: "Too many requests: wait for `Retry-After` seconds",
  500: "A fault on our side (`INTERNAL_ERROR`); quote `meta.requestId`",
  503: "A dependency (the database) is unavailable (`DEPENDENCY_UNAVAILABLE`) or too busy to take this request in time (`DATABASE_BUSY`); retry after `Retry-After` seconds",
};

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const requestIdHeader = {
  "x-request-id": { description: "This request's id (yours when you sent a valid one)", schema: { type: "string" } },
};
const integer = { schema: { type: "integer", minimum: 0 } };
const rateLimitResponseHeaders = {
  "RateLimit-Limit": { description: "Requests allowed in the window of the tightest limit this call counted against", ...integer },
  "RateLimit-Remaining": { description: "Requests left in that window", ...integer },
  "RateLimit-Reset": { description: "Seconds until that window frees room", ...integer },
  "RateLimit-Policy": {
    description: 'Every limit this call counted against: `<limit>;w=<seconds>;name="<policy>"`',
    schema: { type: "string" },
  },
};

/** The limits a REST call of this operation counts against: the caller's general one and the operation's own. */
function rateLimitsOf(op: RestOperation): { policy: RateLimitPolicyName; when: string }[] {
  const general: { policy: RateLimitPolicyName; when: string }[] =
    op.access.kind === "public"
      ? [
          { policy: "apiKey", when: "with an API key" },
          { policy: "anonymous", when: "without one" },
        ]
      : [{ policy: "apiKey", when: "always" }];
  return op.rateLimit ? [...general, { policy: op.rateLimit, when: "always" }] : general;
}

function scopesFor(access: Access): string[] {
  if (access.kind === "anyPermission")
    return [...new Set(access.permissions.flatMap((permission) => scopesFor({ kind: "permission", permission })))];
  if (access.kind !== "permission") return [];
  const permission: Permission = access.permission;
  const own = permission.endsWith(":own") ? (permission.replace(/:own$/, ":any") as Permission) : null;
  return apiKeyScopeNames.filter((scope) => (apiKeyScopes[scope] as readonly Permission[]).some((p) => p === permission || p === own));
}

function errorStatuses(op: RestOperation): number[] {
  const statuses = [400];
  if (op.access.kind !== "public") statuses.push(401, 403);
  if (op.pathParams.length || op.type === "mutation") statuses.push(404);
  if (op.type === "mutation") statuses.push(409, 413, 415, 422);
  statuses.push(429, 500, 503);
  return statuses;
}

function rewrite(op: RestOperation, operation: Operation) {
  const success = operation.responses["200"]?.content?.["application/json"]?.schema ?? {};
  const data = op.paginated ? ((success.properties as Record<string, Schema>).items ?? {}) : success;
  const status = op.rest.successStatus ?? 200;
  const envelope = {
    type: "object",
    properties: { data, meta: ref(op.paginated ? "PageMeta" : "ResponseMeta"), errors: { type: "null" } },
    required: ["data", "meta", "errors"],
  };
  const responses: Operation["responses"] = {};
  if (op.rest.file) {
    responses["200"] = {
      description: `The file (${op.rest.file.name}), streamed`,
      headers: {
        ...requestIdHeader,
        ...rateLimitResponseHeaders,
        "Content-Disposition": { description: "attachment, with the file's name", schema: { type: "string" } },
      },
      content: { [op.rest.file.mediaType]: { schema: { type: "string" } } },
    } as never;
  } else if (status === 204) {
    responses["204"] = { description: "Done; no body", headers: requestIdHeader } as never;
  } else {
    const cacheable = op.access.kind === "public" && op.method === "GET";
    responses[String(status)] = {
      description: status === 201 ? "Created" : "OK",
      headers: {
        ...requestIdHeader,
        ...rateLimitResponseHeaders,
        ...(status === 201 ? { Location: { description: "The new resource's URL", schema: { type: "string" } } } : {}),
        ...(cacheable
          ? {
              ETag: {
                description: "A weak validator of `data` (and the cursor): send it back in If-None-Match",
                schema: { type: "string" },
              },
            }
          : {}),
      },
      content: { "application/json": { schema: envelope } },
    } as never;
    if (cacheable) {
      responses["304"] = {
        description: "Not modified: the data is the same as the ETag you sent",
        headers: { ...requestIdHeader, ETag: { description: "The same validator", schema: { type: "string" } } },
      } as never;
      operation.parameters = [
        ...(operation.parameters ?? []),
        {
          in: "header",
          name: "If-None-Match",
          required: false,
          description: "An ETag from an earlier answer: 304 when nothing changed",
          schema: { type: "string" },
        },
      ];
    }
    if (status === 201 && op.rest.replayedField) {
      responses["200"] = {
        description: "A replay of an earlier request with the same Idempotency-Key: the same order",
        headers: requestIdHeader,
        content: { "application/json": { schema: envelope } },
      } as never;
    }
  }
  for (const code of errorStatuses(op)) {
    responses[String(code)] = {
      description: errorDescriptions[code]!,
      headers: {
        ...requestIdHeader,
        ...(code === 429 ? rateLimitResponseHeaders : {}),
        ...(code === 429 || code === 503 ? { "Retry-After": { description: "Seconds to wait", schema: { type: "integer" } } } : {}),
      },
      content: { "application/json": { schema: ref("ErrorEnvelope") } },
    } as never;
  }
  operation.responses = responses;

  const scopes = scopesFor(op.access);
  operation.security = op.access.kind === "public" ? [] : [{ apiKey: [] }];
  operation["x-required-scopes"] = scopes;
  const who =
    op.access.kind === "public"
      ? "Anyone."
      : scopes.length
        ? `Scopes: ${scopes.map((s) => `\`${s}\``).join(" or ")}.`
        : "Any valid API key.";
  const settings = getServerConfig().rateLimits;
  const limits = rateLimitsOf(op);
  operation["x-rate-limits"] = limits.map(({ policy, when }) => ({
    policy,
    limit: settings[policy].limit,
    windowSeconds: settings[policy].windowMs / 1000,
    per: settings[policy].description,
    applies: when,
  }));
  const limitText = `Rate limits: ${limits.map(({ policy, when }) => `${describeWindow(settings[policy])} (${settings[policy].description}${when === "always" ? "" : `, ${when}`})`).join("; ")}.`;
  operation.description = [operation.description, who, limitText].filter(Boolean).join("\n\n");
  operation.operationId = op.procedure;

  const fields = op.input ? innerSchema(op.input) : null;
  if (fields instanceof z.ZodObject && "idempotencyKey" in fields.shape) {
    operation.parameters = [
      ...(operation.parameters ?? []),
      {
        in: "header",
        name: "Idempotency-Key",
        required: false,
        description: "One per order attempt (a UUID); replaces `idempotencyKey` in the body",
        schema: { type: "string", minLength: 8, maxLength: 100 },
        example: "5f0c9b2e-8d1a-4c1e-9a57-2b7e1f0d4c11",
      },
    ];
    const body = operation.requestBody?.content["application/json"]?.schema;
    if (body && Array.isArray(body.required)) body.required = (body.required as string[]).filter((name) => name !== "idempotencyKey");
  }
}

/** Servers are relative (`/api/v1`): the document is right behind any proxy or host name. */
export function buildOpenApiDocument(): OpenAPIObject {
  const doc = generateOpenApiDocument(appRouter, {
    title: "Stockroom API",
    description,
    version: `1.0.0`,
    baseUrl: REST_PREFIX,
    securitySchemes: {
      apiKey: {
        type: "http",
        scheme: "bearer",
        bearerFormat: "sk_live_… API key",
        description: "An API key created by an admin (back office or `npm run admin -- create-key`)",
      },
    },
    tags: ["Storefront", "Products", "Stock", "Orders", "Events", "Webhooks", "Identity", "Audit"],
  });
  for (const op of restOperations) {
    const operation = (doc.paths?.[op.path] as Record<string, Operation> | undefined)?.[op.method.toLowerCase()];
    if (operation) rewrite(op, operation);
  }
  doc.info = { ...doc.info, "x-api-version": API_VERSION };
  doc.info.contact = { name: "Stockroom API docs (/api/docs)" };
  doc.info.license = { name: "Proprietary", identifier: "LicenseRef-Proprietary" };
  doc.tags = [
    { name: "Storefront", description: "The public catalog, as shoppers see it (no API key needed; cached; ETag)" },
    { name: "Products", description: "The catalog: create, edit, archive, low stock" },
    { name: "Stock", description: "Stock adjustments and the stock ledger" },
    { name: "Orders", description: "Placing orders, following them, moving them through their lifecycle" },
    { name: "Events", description: "What happened: the event feed, and the webhooks that push the same events" },
    {
      name: "Webhooks",
      description:
        "Webhook endpoints (scope `webhooks:write`): register receivers, rotate their secrets, read and retry deliveries (docs/webhooks.md)",
    },
    { name: "Identity", description: "Who the API key is" },
    { name: "Audit", description: "The audit trail (scope `audit:read`)" },
    {
      name: "Reports",
      description: "The back-office dashboard's figures: sales, orders by status, best sellers, inventory (scope `reports:read`)",
    },
  ];
  doc.components = {
    ...doc.components,
    schemas: {
      ResponseMeta: {
        type: "object",
        properties: {
          requestId: { type: "string", example: "2c1f4f0e-6a0b-4d7e-9d8a-0f6f1d2f3a4b" },
          timestamp: { type: "string", format: "date-time" },
          apiVersion: { type: "string", enum: [API_VERSION] },
        },
        required: ["requestId", "timestamp", "apiVersion"],
      },
      PageMeta: {
        allOf: [
          ref("ResponseMeta"),
          {
            type: "object",
            properties: {
              nextCursor: { type: ["string", "null"], description: "Pass back as `cursor` for the next page; null when there is none" },
            },
            required: ["nextCursor"],
          },
        ],
      },
      Error: {
        type: "object",
        properties: {
          code: { type: "string", description: "Stable, for programs to branch on", example: "OUT_OF_STOCK" },
          message: { type: "string", description: "For people", example: "Only 2 of Cedar Candle left (you asked for 3)" },
          field: { type: "string", description: "The input field concerned, as a dotted path", example: "lines.0.quantity" },
        },
        required: ["code", "message"],
      },
      ErrorEnvelope: {
        type: "object",
        properties: { data: { type: "null" }, meta: ref("ResponseMeta"), errors: { type: "array", items: ref("Error"), minItems: 1 } },
        required: ["data", "meta", "errors"],
      },
    },
  };
  doc.webhooks = webhooksSection() as OpenAPIObject["webhooks"];
  return doc;
}

const webhookHeaders = [
  {
    name: "webhook-id",
    description: "The event's id (`evt_…`): the same on every retry, for de-duplication",
    example: "evt_3q2Ls0k9Qv6c3xYb2Zt1Aw",
  },
  { name: "webhook-timestamp", description: "Seconds since the Unix epoch when this attempt was signed", example: "1796281200" },
  {
    name: "webhook-signature",
    description: "Standard Webhooks: space-separated `v1,<base64 HMAC-SHA256 of id.timestamp.body>`, one per active secret",
    example: "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=",
  },
];

/**
 * The OpenAPI 3.1 `webhooks` section, one entry per declared event type (../events/catalog.ts): the body a
 * receiver gets (the event with its payload as `data`), the signature headers, and what its answer means.
 */
function webhooksSection(): Record<string, unknown> {
  return Object.fromEntries(
    eventTypes.map((type) => {
      const declaration = eventCatalog[type];
      const { $schema: _ignored, ...data } = z.toJSONSchema(declaration.payload, { io: "output" }) as Schema;
      const scopes = scopesFor({ kind: "permission", permission: declaration.permission });
      const body = {
        type: "object",
        properties: {
          id: { type: "string", description: "The event's id, as in the webhook-id header" },
          type: { type: "string", enum: [type] },
          version: { type: "integer", enum: [declaration.version] },
          timestamp: { type: "string", format: "date-time", description: "When the event happened" },
          data,
        },
        required: ["id", "type", "version", "timestamp", "data"],
      };
      return [
        type,
        {
          post: {
            operationId: `webhook.${type}`,
            summary: declaration.summary,
            description: `Sent to endpoints subscribed to \`${type}\`, and listed by \`GET /events\`, to keys with ${scopes.map((s) => `\`${s}\``).join(" or ")}.`,
            tags: ["Events"],
            security: [],
            parameters: webhookHeaders.map(({ name, description, example }) => ({
              in: "header",
              name,
              required: true,
              description,
              schema: { type: "string" },
              example,
            })),
            requestBody: { required: true, content: { "application/json": { schema: body } } },
            responses: {
              "200": { description: "Received (any 2xx acknowledges the event)" },
              "410": { description: "Gone: the endpoint is disabled and receives nothing more" },
            },
          },
        },
      ];
    }),
  );
}
