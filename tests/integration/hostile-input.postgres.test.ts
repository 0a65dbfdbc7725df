/**
 * The hostile-input suite: every tRPC procedure (through the route handler, as a guest, a customer and an
 * admin) and every REST operation (with and without a key) is sent inputs drawn from all of Unicode,
 * numbers at and past every bound, wrong types, unknown and prototype-polluting keys, and bodies at and past
 * the size limit. Every answer must be a success or a documented 4xx in the API's error shape: never a 5xx.
 *
 * Runs on the PostgreSQL server (the embedded default is the same PostgreSQL, in WASM; what a text reaching
 * the database does is the same on both, and this suite is the slowest to run twice).
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { GET as trpcGet, POST as trpcPost } from "../../src/app/api/trpc/[trpc]/route";
import { DELETE, GET, OPTIONS, PATCH, POST } from "../../src/app/api/v1/[...path]/route";
import { apiKeyScopeNames } from "../../src/server/auth/permissions";
import { getServerConfig, resetServerConfig } from "../../src/server/config";
import { resetRateLimits } from "../../src/server/rate-limit";
import { appRouter } from "../../src/server/routers/_app";
import { apiKey, newProduct } from "./helpers";
import { hostileString, hostileValue, jsonText, urlText } from "./hostile-arbitrary";
import { signedIn } from "./http-session";
import { formDataOf, type JsonSchema } from "./openapi-arbitrary";

const seed = Number(process.env.FAST_CHECK_SEED ?? 20261203);
const origin = "http://stockroom.test";

type Operation = {
  parameters?: { in: string; name: string; schema: JsonSchema }[];
  requestBody?: { content: { "application/json"?: { schema: JsonSchema }; "multipart/form-data"?: { schema: JsonSchema } } };
  responses: Record<string, unknown>;
};
const document = JSON.parse(readFileSync("tests/generated/openapi.json", "utf8")) as { paths: Record<string, Record<string, Operation>> };
const operations = Object.entries(document.paths).flatMap(([template, methods]) =>
  Object.entries(methods).map(([method, operation]) => ({ template, method: method.toUpperCase(), operation })),
);

type ProcedureDef = { _def: { type: "query" | "mutation" | "subscription"; inputs: z.ZodType[] } };
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, ProcedureDef>)
  .filter(([, p]) => p._def.type !== "subscription")
  .map(([path, p]) => ({ path, type: p._def.type, schema: inputSchema(p._def.inputs[0]) }));

/** The procedure's input as JSON Schema (what a client can know about it), or anything when it takes none. */
function inputSchema(input: z.ZodType | undefined): JsonSchema {
  if (!input) return {};
  return z.toJSONSchema(input, { io: "input", unrepresentable: "any" }) as JsonSchema;
}

const restHandlers = { GET, POST, PATCH, DELETE, OPTIONS } as Record<string, (req: Request) => Promise<Response>>;

/** The error shapes: REST's envelope, and tRPC's (superjson) error with the HTTP status repeated. */
function expectRestError(
  status: number,
  body: { data: unknown; errors: { code: string; message: string }[] },
  documented: string[],
  what: string,
) {
  expect(documented, `${what}: ${status} is not documented for this operation`).toContain(String(status));
  expect(body.data, what).toBeNull();
  expect(body.errors.length, what).toBeGreaterThan(0);
  for (const error of body.errors) {
    expect(error.code, what).toMatch(/^[A-Z][A-Z0-9_]+$/);
    expect(typeof error.message, what).toBe("string");
  }
}

/** Cursors are opaque: a made-up one is always a 400, which would hide what the other fields do. */
const cursor = fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: hostileString });

const trpcErrorStatuses = [400, 401, 403, 404, 405, 409, 413, 415, 422, 429];

describe("hostile input", () => {
  const sessions: Record<string, Record<string, string>> = { guest: {} };
  let secret = "";
  let productId = "";

  beforeAll(async () => {
    // The limits are tested in rate-limit.test.ts; here every request must reach validation.
    for (const name of [
      "RATE_LIMIT_ANONYMOUS",
      "RATE_LIMIT_API_KEY",
      "RATE_LIMIT_USER",
      "RATE_LIMIT_CHECKOUT",
      "RATE_LIMIT_SIGN_IN",
      "RATE_LIMIT_SIGN_IN_ADDRESS",
      "RATE_LIMIT_SIGN_UP",
    ])
      process.env[name] = "1000000/1m";
    resetServerConfig();
    resetRateLimits();
    for (const who of ["customer", "admin"]) sessions[who] = { cookie: (await signedIn(`${who}@stockroom.test`)).header() };
    secret = (await apiKey([...apiKeyScopeNames], "hostile input")).secret;
    productId = (await newProduct({ stock: 1_000_000 })).id;
  });

  afterAll(() => {
    resetServerConfig();
    resetRateLimits();
  });

  describe("over tRPC, every procedure", () => {
    for (const { path, type, schema } of procedures) {
      it(path, async () => {
        const hints = { productId: fc.constant(productId), id: fc.constant(productId), cursor };
        const seen = new Map<number, number>();
        await fc.assert(
          fc.asyncProperty(
            fc.constantFrom("guest", "customer", "admin"),
            fc.oneof({ weight: 5, arbitrary: hostileValue(schema, hints) }, { weight: 1, arbitrary: hostileString }),
            async (who, input) => {
              const wire = `{"json":${jsonText(input)}}`;
              const headers = { ...sessions[who], "content-type": "application/json" };
              const res =
                type === "query"
                  ? await trpcGet(new Request(`${origin}/api/trpc/${path}?input=${encodeURIComponent(wire)}`, { headers }))
                  : await trpcPost(new Request(`${origin}/api/trpc/${path}`, { method: "POST", headers, body: wire }));
              const body = await res.json();
              const what = `${path} as ${who} with ${wire.slice(0, 300)} → ${res.status} ${JSON.stringify(body).slice(0, 300)}`;
              seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
              expect(res.status, what).toBeLessThan(500);
              if (res.status >= 400) {
                expect(trpcErrorStatuses, what).toContain(res.status);
                expect(body.error.json.data.httpStatus, what).toBe(res.status);
                expect(typeof body.error.json.message, what).toBe("string");
              }
            },
          ),
          { numRuns: 50, seed },
        );
        // Validation itself was reached: some inputs were refused as invalid.
        expect(seen.has(400) || schema.type === undefined, `statuses seen: ${JSON.stringify([...seen])}`).toBe(true);
      });
    }
  });

  describe("over REST, every operation", () => {
    for (const { template, method, operation } of operations) {
      it(`${method} ${template}`, async () => {
        const documented = Object.keys(operation.responses);
        const params = operation.parameters ?? [];
        const pathParams = params.filter((p) => p.in === "path");
        const queryParams = params.filter((p) => p.in === "query");
        const bodySchema = operation.requestBody?.content["application/json"]?.schema;
        const formSchema = operation.requestBody?.content["multipart/form-data"]?.schema;
        const hints = { productId: fc.constant(productId), quantity: fc.integer({ min: 1, max: 3 }), cursor };
        const pathArb = fc.record(
          Object.fromEntries(
            pathParams.map((p) => [
              p.name,
              fc.oneof(
                fc.constant(productId),
                hostileString.filter((s) => s.length > 0 && !/^\.{1,2}$/.test(s)),
              ),
            ]),
          ),
        );
        const queryArb = hostileValue(
          { type: "object", properties: Object.fromEntries(queryParams.map((p) => [p.name, p.schema])) },
          hints,
        ).filter((q): q is Record<string, unknown> => typeof q === "object" && q !== null && !Array.isArray(q));
        const bodyArb: fc.Arbitrary<unknown> = bodySchema
          ? fc.oneof({ weight: 5, arbitrary: hostileValue(bodySchema, hints) }, { weight: 1, arbitrary: hostileString })
          : formSchema
            ? hostileForm(formSchema)
            : fc.constant(undefined);
        const seen = new Map<number, number>();
        await fc.assert(
          fc.asyncProperty(fc.boolean(), pathArb, queryArb, bodyArb, async (withKey, pathValues, query, body) => {
            const path = template.replace(/\{(\w+)\}/g, (_, name: string) => urlText(pathValues[name]));
            const search = Object.entries(query)
              .filter(([, v]) => v !== undefined)
              .map(([k, v]) => `${k}=${urlText(v)}`)
              .join("&");
            const form = body instanceof FormData;
            const wire = body === undefined ? undefined : form ? body : jsonText(body);
            const req = new Request(`${origin}/api/v1${path}${search ? `?${search}` : ""}`, {
              method,
              headers: {
                ...(withKey ? { authorization: `Bearer ${secret}` } : {}),
                ...(wire === undefined || form ? {} : { "content-type": "application/json" }),
                ...(method === "POST" ? { "idempotency-key": crypto.randomUUID() } : {}),
              },
              body: wire,
            });
            const res = await restHandlers[method]!(req);
            const text = await res.text();
            const shown = typeof wire === "string" ? wire.slice(0, 300) : form ? "(multipart)" : "";
            const what = `${method} ${path}?${search.slice(0, 200)} ${shown} → ${res.status} ${text.slice(0, 300)}`;
            seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
            expect(res.status, what).toBeLessThan(500);
            if (res.status >= 400) expectRestError(res.status, JSON.parse(text), documented, what);
          }),
          { numRuns: 50, seed },
        );
        expect(seen.has(400) || seen.has(401), `statuses seen: ${JSON.stringify([...seen])}`).toBe(true);
      });
    }
  });

  describe("bodies at and past the size limit", () => {
    const limit = () => getServerConfig().bodyLimits.json;
    /** A JSON object of exactly `bytes` bytes: a name padded with multi-byte characters and spaces. */
    const bodyOf = (bytes: number) => {
      const head = '{"name":"';
      const filler = "é".repeat(Math.floor((bytes - head.length - 2) / 2));
      const text = head + filler + '"}';
      return text + " ".repeat(bytes - Buffer.byteLength(text));
    };

    for (const { template, method, operation } of operations.filter((o) => o.operation.requestBody?.content["application/json"])) {
      it(`${method} ${template}`, async () => {
        const path = template.replace(/\{(\w+)\}/g, () => productId);
        const send = (body: string) =>
          restHandlers[method]!(
            new Request(`${origin}/api/v1${path}`, {
              method,
              headers: { authorization: `Bearer ${secret}`, "content-type": "application/json", "idempotency-key": crypto.randomUUID() },
              body,
            }),
          );
        const at = bodyOf(limit());
        expect(Buffer.byteLength(at)).toBe(limit());
        const atLimit = await send(at);
        expect(atLimit.status, await atLimit.clone().text()).toBeLessThan(500);
        expect(atLimit.status).not.toBe(413);
        const past = await send(bodyOf(limit() + 1));
        expect(past.status).toBe(413);
        const error = (await past.json()).errors[0];
        expect(error.code).toBe("BODY_TOO_LARGE");
        expect(error.message).toContain("1 MiB");
        expect(Object.keys(operation.responses)).toContain("413");
      });
    }

    for (const { template, method, operation } of operations.filter((o) => o.operation.requestBody?.content["multipart/form-data"])) {
      it(`${method} ${template} (an upload: the upload limit)`, async () => {
        const path = template.replace(/\{(\w+)\}/g, () => productId);
        const uploadLimit = getServerConfig().bodyLimits.upload;
        const boundary = "----stockroom-hostile";
        /** A multipart body of exactly `bytes` bytes: an alt text and a file of zeros filling the rest. */
        const formOf = (bytes: number) => {
          const head = `--${boundary}\r\ncontent-disposition: form-data; name="alt"\r\n\r\nx\r\n--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="f.jpg"\r\ncontent-type: image/jpeg\r\n\r\n`;
          const tail = `\r\n--${boundary}--\r\n`;
          return Buffer.concat([Buffer.from(head), Buffer.alloc(bytes - head.length - tail.length), Buffer.from(tail)]);
        };
        const send = (body: Buffer) =>
          restHandlers[method]!(
            new Request(`${origin}/api/v1${path}`, {
              method,
              headers: { authorization: `Bearer ${secret}`, "content-type": `multipart/form-data; boundary=${boundary}` },
              body: new Uint8Array(body),
            }),
          );
        // At the body limit the form is read, and its file (over IMAGE_MAX_BYTES) refused by name.
        const atLimit = await send(formOf(uploadLimit));
        expect(atLimit.status).toBe(413);
        expect((await atLimit.json()).errors[0]).toMatchObject({ code: "IMAGE_TOO_LARGE", field: "file" });
        const past = await send(formOf(uploadLimit + 1));
        expect(past.status).toBe(413);
        expect((await past.json()).errors[0]).toMatchObject({ code: "BODY_TOO_LARGE", field: "file" });
        expect(Object.keys(operation.responses)).toContain("413");
      });
    }

    it("over tRPC, a mutation", async () => {
      const send = (body: string) =>
        trpcPost(
          new Request(`${origin}/api/trpc/products.create`, {
            method: "POST",
            headers: { ...sessions.admin, "content-type": "application/json" },
            body,
          }),
        );
      const atLimit = await send(`{"json":${bodyOf(limit() - 9)}}`);
      expect(atLimit.status).toBe(400);
      const past = await send(`{"json":${bodyOf(limit() - 8)}}`);
      expect(past.status).toBe(413);
      const data = (await past.json()).error.json.data;
      expect(data).toMatchObject({ code: "PAYLOAD_TOO_LARGE", reason: "BODY_TOO_LARGE" });
    });
  });
});

/** multipart/form-data bodies: hostile text in every field, and the file hostile bytes or hostile text. */
function hostileForm(schema: JsonSchema): fc.Arbitrary<FormData> {
  const properties = Object.entries((schema as { properties?: Record<string, JsonSchema> }).properties ?? {});
  return fc
    .record(
      Object.fromEntries(
        properties.map(([name, property]) => [
          name,
          (property as { format?: string }).format === "binary"
            ? fc.oneof(fc.uint8Array({ maxLength: 2_048 }), hostileString)
            : fc.oneof(hostileString, hostileValue(property, {})),
        ]),
      ),
      { requiredKeys: [] },
    )
    .map((values) => formDataOf(values, jsonText));
}
