/**
 * Every operation in the served document, called with requests generated from the document itself
 * (fast-check), valid and invalid, through Prism's validating proxy in front of the real server: no
 * answer may be a 5xx, and no answer may differ from what the document promises (Prism reports a
 * mismatch in the `sl-violations` header). Runs on the PostgreSQL server only: it needs real HTTP and
 * many connections, not a second database engine.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import sharp from "sharp";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetServerConfig } from "../../src/server/config";
import { resetRateLimits } from "../../src/server/rate-limit";
import { apiKeyScopeNames } from "../../src/server/auth/permissions";
import { apiKey, newCustomer, newProduct, unique, userCaller } from "./helpers";
import { formDataOf, invalidValue, validValue, type JsonSchema } from "./openapi-arbitrary";
import { startRestServer } from "./rest-server";

type Parameter = { in: string; name: string; required?: boolean; schema: JsonSchema };
type Operation = {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { content: { "application/json"?: { schema: JsonSchema }; "multipart/form-data"?: { schema: JsonSchema } } };
};

const document = JSON.parse(readFileSync("tests/generated/openapi.json", "utf8")) as { paths: Record<string, Record<string, Operation>> };
const seed = Number(process.env.FAST_CHECK_SEED ?? 20261201);
// A public receiver's URL: saved as is (nothing is delivered in this test).
const webhookUrl = "https://erp.example.com/hooks/stockroom";

const operations = Object.entries(document.paths).flatMap(([template, methods]) =>
  Object.entries(methods).map(([method, operation]) => ({ template, method: method.toUpperCase(), operation })),
);

describe("every operation against its document (fast-check through Prism)", () => {
  let server: Awaited<ReturnType<typeof startRestServer>>;
  let prism: ChildProcess;
  let prismUrl = "";
  let secret = "";
  let ids: {
    product: string;
    order: string;
    customer: string;
    endpoint: string;
    doomedEndpoint: string;
    delivery: string;
    image: string;
    doomedImage: string;
    /** Archived (over and over) by POST /products/archive, so the product the others use stays on sale. */
    doomedProduct: string;
  };
  /** A small real picture, uploaded in most multipart requests (others carry random bytes). */
  let picture: Uint8Array<ArrayBuffer>;

  beforeAll(async () => {
    // One key sends every request: the contract is tested here, the limits in rate-limit.test.ts (a 429 is
    // documented, but 25 orders a second with the default `checkout` limit would leave no accepted one).
    process.env.RATE_LIMIT_CHECKOUT = "100000/1m";
    process.env.RATE_LIMIT_API_KEY = "100000/1m";
    resetServerConfig();
    resetRateLimits();
    server = await startRestServer();
    const port = 20_000 + (process.pid % 20_000);
    prismUrl = `http://127.0.0.1:${port}`;
    prism = spawn(
      path.resolve("node_modules/.bin/prism"),
      ["proxy", "tests/generated/openapi.json", `${server.origin}/api/v1`, "--errors=false", "-h", "127.0.0.1", "-p", String(port)],
      {
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("Prism did not start in 60 s")), 60_000);
      prism.stdout!.on("data", (chunk: Buffer) => {
        if (chunk.toString().includes("Prism is listening")) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    secret = (await apiKey([...apiKeyScopeNames], "contract test")).secret;
    const product = await newProduct({ stock: 1000 });
    const doomedProduct = await newProduct();
    const { caller, user } = await newCustomer();
    const order = await caller.order.create({ idempotencyKey: unique("contract"), lines: [{ productId: product.id, quantity: 1 }] });
    // Webhook endpoints (never delivered to: no job runner here): one to use, one for DELETE to remove.
    const admin = await userCaller("admin");
    const endpoint = await admin.webhooks.create({ url: webhookUrl, eventTypes: ["order.created"] });
    const doomed = await admin.webhooks.create({ url: webhookUrl, eventTypes: ["order.created"] });
    const ping = await admin.webhooks.test({ id: endpoint.endpoint.id });
    // Pictures of the product: one to change, one for DELETE to remove.
    const swatch = async (colour: string) =>
      new Uint8Array(
        await sharp({ create: { width: 40, height: 30, channels: 3, background: colour } })
          .png()
          .toBuffer(),
      );
    // Prism's proxy passes multipart bodies on as text, which mangles any byte over 0x7f: the picture sent
    // through it is a 2 × 2 GIF written in ASCII bytes only (no colour table; decoders use a default one).
    picture = new Uint8Array([
      0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x02, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x2c, 0, 0, 0, 0, 0x02, 0x00, 0x02, 0x00, 0x00, 0x02,
      0x02, 0x44, 0x01, 0x00, 0x3b,
    ]);
    await admin.products.addImage({ productId: product.id, alt: "Kept", file: new File([await swatch("#602040")], "a.png") });
    const { images } = await admin.products.addImage({
      productId: product.id,
      alt: "Doomed",
      file: new File([await swatch("#406020")], "b.png"),
    });
    ids = {
      product: product.id,
      order: order.id,
      customer: user.id,
      endpoint: endpoint.endpoint.id,
      doomedEndpoint: doomed.endpoint.id,
      delivery: ping.id,
      image: images[0]!.id,
      doomedImage: images[1]!.id,
      doomedProduct: doomedProduct.id,
    };
  }, 90_000);

  afterAll(async () => {
    prism?.kill();
    await server?.close();
  });

  /** Sends one generated request through Prism; returns the status and the response-side violations. */
  async function send(method: string, template: string, pathValues: Record<string, string>, query: Record<string, unknown>, body: unknown) {
    const url = new URL(prismUrl + template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(pathValues[name] ?? "x")));
    for (const [name, value] of Object.entries(query))
      if (value !== undefined && value !== null) url.searchParams.set(name, typeof value === "string" ? value : JSON.stringify(value));
    const form = body instanceof FormData;
    const res = await fetch(url, {
      method,
      headers: {
        authorization: `Bearer ${secret}`,
        // FormData sets its own multipart content type, with its boundary.
        ...(body === undefined || form ? {} : { "content-type": "application/json" }),
        // The header, unless the body already carries its own key (both at once must agree: a 400 otherwise).
        ...(method === "POST" && !(typeof body === "object" && body && "idempotencyKey" in body)
          ? { "idempotency-key": crypto.randomUUID() }
          : {}),
      },
      body: body === undefined ? undefined : form ? body : JSON.stringify(body),
    });
    const violations = JSON.parse(res.headers.get("sl-violations") ?? "[]") as { location: string[]; message: string }[];
    await res.arrayBuffer();
    return { status: res.status, responseViolations: violations.filter((v) => v.location[0] === "response") };
  }

  /**
   * multipart/form-data bodies: each text field valid or not, and the file a real picture, random bytes, or
   * missing (uploads fill the product's gallery up to its limit: then 422s, also documented).
   */
  function formArb(schema: { properties?: Record<string, Record<string, unknown>> }): fc.Arbitrary<FormData> {
    const fields = Object.entries(schema.properties ?? {});
    return fc
      .record(
        Object.fromEntries(
          fields.map(([name, property]) => [
            name,
            property.format === "binary"
              ? fc.oneof(
                  { weight: 3, arbitrary: fc.constant(picture) },
                  { weight: 1, arbitrary: fc.uint8Array({ minLength: 0, maxLength: 64 }) },
                  { weight: 1, arbitrary: fc.constant(undefined) },
                )
              : fc.oneof({ weight: 3, arbitrary: validValue(property) }, { weight: 1, arbitrary: invalidValue(property) }),
          ]),
        ),
        { requiredKeys: [] },
      )
      .map((values) => formDataOf(values));
  }

  for (const { template, method, operation } of operations) {
    it(`${method} ${template}`, async () => {
      const pathParams = (operation.parameters ?? []).filter((p) => p.in === "path");
      const queryParams = (operation.parameters ?? []).filter((p) => p.in === "query");
      const bodySchema = operation.requestBody?.content["application/json"]?.schema;
      const formSchema = operation.requestBody?.content["multipart/form-data"]?.schema;
      // Real ids and codes where the schema cannot say what exists (a made-up currency is a valid-looking 422).
      // A transition the new order can make (PENDING → PAID or CANCELLED), so some requests are accepted.
      const hints = {
        productId: fc.constant(ids.product),
        ids: fc.constant([ids.doomedProduct]),
        customerId: fc.constant(ids.customer),
        quantity: fc.integer({ min: 1, max: 3 }),
        currency: fc.constantFrom("EUR", "USD", "GBP"),
        to: fc.constantFrom("PAID", "CANCELLED"),
        url: fc.constant(webhookUrl),
        // A disabled endpoint refuses tests and retries (409): keep it enabled for the operations after PATCH.
        enabled: fc.constant(true),
      };
      // Cursors are opaque: a made-up one is a documented 400, so most requests go without one.
      const queryHints: Record<string, fc.Arbitrary<unknown>> = { cursor: fc.constant(undefined) };
      // A path id is a real one most of the time (so handlers get past NOT_FOUND), else anything but a dot
      // segment (URL normalisation would turn /orders/. into /orders, another operation).
      const realId = (name: string) => {
        if (name === "imageId") return method === "DELETE" ? ids.doomedImage : ids.image;
        if (template.startsWith("/webhook-endpoints")) {
          if (name === "deliveryId") return ids.delivery;
          return method === "DELETE" ? ids.doomedEndpoint : ids.endpoint;
        }
        return name === "productId" || template.includes("/products") ? ids.product : ids.order;
      };
      const pathArb = fc.record(
        Object.fromEntries(
          pathParams.map((p) => [
            p.name,
            fc.oneof(
              { weight: 3, arbitrary: fc.constant(realId(p.name)) },
              { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 70 }).filter((s) => !/^\.{1,2}$/.test(s)) },
            ),
          ]),
        ),
      ) as fc.Arbitrary<Record<string, string>>;
      const queryArb = fc.record(
        Object.fromEntries(
          queryParams.map((p) => [
            p.name,
            fc.oneof(
              { weight: 4, arbitrary: queryHints[p.name] ?? validValue(p.schema) },
              { weight: 1, arbitrary: invalidValue(p.schema) },
            ),
          ]),
        ),
        { requiredKeys: [] },
      );
      const bodyArb = bodySchema
        ? fc.oneof(
            { weight: 3, arbitrary: validValue(bodySchema, hints) },
            { weight: 1, arbitrary: fc.constant({}) },
            {
              weight: 1,
              arbitrary: fc.dictionary(
                fc.constantFrom(...Object.keys(bodySchema.properties ?? { x: {} })),
                fc.oneof(...Object.values(bodySchema.properties ?? { x: {} }).map(invalidValue)),
              ),
            },
          )
        : formSchema
          ? formArb(formSchema)
          : fc.constant(undefined);

      const seen = new Map<number, number>();
      await fc.assert(
        fc.asyncProperty(pathArb, queryArb, bodyArb, async (pathValues, query, body) => {
          const { status, responseViolations } = await send(method, template, pathValues, query, body);
          seen.set(status, (seen.get(status) ?? 0) + 1);
          expect(status, `${method} ${template} ${JSON.stringify({ pathValues, query, body })}`).toBeLessThan(500);
          expect(responseViolations, `${method} ${template} → ${status} ${JSON.stringify({ pathValues, query, body })}`).toEqual([]);
        }),
        // Reproducible in CI; FAST_CHECK_SEED=<n> explores other inputs (a failure prints its seed).
        { numRuns: 25, seed },
      );
      // The generator reached both sides: some requests were accepted, some refused as invalid.
      expect(
        [...seen.keys()].some((s) => s < 300),
        `statuses seen: ${JSON.stringify([...seen])}`,
      ).toBe(true);
    }, 120_000);
  }
});
