/**
 * The requests the attacker's probe (issue 15) found harmful, one test each, through the route handlers with
 * real Requests: bodies over the limit refused before they are read, NUL and lone surrogates refused with the
 * field named, -0 refused, a sign-in with a NUL answered like a wrong password, unknown prototype keys,
 * a 1,000-call tRPC batch, a mutation from another site.
 */
import { describe, expect, it } from "vitest";
import { GET as trpcGet, POST as trpcPost } from "../../src/app/api/trpc/[trpc]/route";
import { POST as restPost } from "../../src/app/api/v1/[...path]/route";
import { getServerConfig } from "../../src/server/config";
import { apiKey, withEnv } from "./helpers";
import { CookieJar, origin, signedIn, signIn } from "./http-session";
import { rest } from "./rest-request";

/** A body stream that counts how many bytes the server pulled from it, of `total` offered in 64 KiB chunks. */
function countedBody(total: number) {
  const chunk = new Uint8Array(64 * 1024).fill(0x31);
  const read = { bytes: 0 };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (read.bytes >= total) return controller.close();
        read.bytes += chunk.byteLength;
        controller.enqueue(chunk);
      },
    },
    // No read-ahead: a byte counted is a byte the server asked for.
    { highWaterMark: 0 },
  );
  return { stream, read };
}

function streamed(url: string, total: number, headers: Record<string, string>) {
  const { stream, read } = countedBody(total);
  const req = new Request(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: stream,
    duplex: "half",
  } as RequestInit);
  return { req, read };
}

const hundredMb = 100 * 1_048_576;

describe("a body over the limit", () => {
  it("without credentials, is refused by REST before a byte is read, declared or not", async () => {
    const declared = streamed(`${origin}/api/v1/orders`, hundredMb, { "content-length": String(hundredMb) });
    const declaredRes = await restPost(declared.req);
    expect(declaredRes.status).toBe(413);
    expect((await declaredRes.json()).errors[0].code).toBe("BODY_TOO_LARGE");
    expect(declaredRes.headers.get("connection")).toBe("close");
    expect(declared.read.bytes).toBe(0);

    const chunked = streamed(`${origin}/api/v1/orders`, hundredMb, {});
    const chunkedRes = await restPost(chunked.req);
    expect(chunkedRes.status).toBe(401);
    expect(chunked.read.bytes).toBe(0);
  });

  it("with a valid key, is read only up to the limit, then 413", async () => {
    const { secret } = await apiKey(["orders:write"]);
    const upload = streamed(`${origin}/api/v1/orders`, hundredMb, {
      authorization: `Bearer ${secret}`,
      "idempotency-key": crypto.randomUUID(),
    });
    const res = await restPost(upload.req);
    expect(res.status).toBe(413);
    const error = (await res.json()).errors[0];
    expect(error).toMatchObject({ code: "BODY_TOO_LARGE" });
    expect(error.message).toContain("1 MiB");
    const limit = getServerConfig().bodyLimits.json;
    expect(upload.read.bytes).toBeGreaterThan(limit);
    expect(upload.read.bytes).toBeLessThanOrEqual(limit + 64 * 1024);
  });

  it("over tRPC without a session, is refused before it is read; with one, read only up to the limit", async () => {
    const guest = streamed(`${origin}/api/trpc/cart.checkout`, hundredMb, {});
    const guestRes = await trpcPost(guest.req);
    expect(guestRes.status).toBe(401);
    expect(guest.read.bytes).toBe(0);
    expect(guestRes.headers.get("connection")).toBe("close");

    const jar = await signedIn("admin@stockroom.test");
    const declared = streamed(`${origin}/api/trpc/products.create`, hundredMb, {
      cookie: jar.header(),
      "content-length": String(hundredMb),
    });
    const declaredRes = await trpcPost(declared.req);
    expect(declaredRes.status).toBe(413);
    expect((await declaredRes.json()).error.json.data).toMatchObject({ code: "PAYLOAD_TOO_LARGE", reason: "BODY_TOO_LARGE" });
    expect(declared.read.bytes).toBe(0);

    const chunked = streamed(`${origin}/api/trpc/products.create`, hundredMb, { cookie: jar.header() });
    const chunkedRes = await trpcPost(chunked.req);
    expect(chunkedRes.status).toBe(413);
    expect(chunked.read.bytes).toBeLessThanOrEqual(getServerConfig().bodyLimits.json + 64 * 1024);
  });

  it("follows BODY_LIMIT_JSON_BYTES", async () => {
    const { secret } = await apiKey(["products:write"]);
    await withEnv({ BODY_LIMIT_JSON_BYTES: "2048" }, async () => {
      const res = await rest("POST", "/products", { key: secret, body: { name: "x".repeat(3000) } });
      expect(res.status).toBe(413);
      expect(res.body!.errors[0].message).toContain("2 KiB");
    });
  });
});

describe("text PostgreSQL cannot store", () => {
  it("is a 400 naming the field, on a public search (was a 500)", async () => {
    for (const search of ["%00", "a%00b"]) {
      const res = await rest("GET", `/storefront/products?search=${search}`);
      expect(res.status).toBe(400);
      expect(res.body!.errors).toEqual([expect.objectContaining({ code: "INVALID_TEXT", field: "search" })]);
    }
    const trpc = await trpcGet(
      new Request(`${origin}/api/trpc/storefront.list?input=${encodeURIComponent(JSON.stringify({ json: { search: "\uD800" } }))}`),
    );
    expect(trpc.status).toBe(400);
    expect((await trpc.json()).error.json.data.fieldErrors).toEqual([expect.objectContaining({ path: "search", code: "invalid_text" })]);
  });

  it("in a product's name, is a 400; RTL marks and emoji are kept as sent", async () => {
    const { secret } = await apiKey(["products:write"]);
    const refused = await rest("POST", "/products", {
      key: secret,
      body: `{"sku":"NUL-1","name":"Mug\\u0000","priceMinor":100,"currency":"EUR"}`,
    });
    expect(refused.status).toBe(400);
    expect(refused.body!.errors).toEqual([expect.objectContaining({ code: "INVALID_TEXT", field: "name" })]);
    const name = "\u202Bכוס\u202C ☕ 👩🏽‍🚀";
    const kept = await rest("POST", "/products", {
      key: secret,
      body: { sku: `RTL-${Date.now()}`, name, priceMinor: 100, currency: "EUR" },
    });
    expect(kept.status).toBe(201);
    expect(kept.body!.data.name).toBe(name);
  });

  it("in a sign-in is answered like a wrong password (was Auth.js's error=Configuration)", async () => {
    for (const [email, password] of [
      ["customer\u0000@stockroom.test", "whatever"],
      ["customer@stockroom.test", "pass\u0000word"],
      ["\uD800@stockroom.test", "whatever"],
    ] as const) {
      const res = await signIn(new CookieJar(), email, password);
      expect(res.status).toBe(302);
      expect(new URL(res.headers.get("location")!).searchParams.get("code")).toBe("invalid_credentials");
    }
  });
});

describe("numbers and keys", () => {
  it("-0 as a price is a 400 NEGATIVE_ZERO", async () => {
    const { secret } = await apiKey(["products:write"]);
    const res = await rest("POST", "/products", { key: secret, body: '{"sku":"ZERO-1","name":"Zero","priceMinor":-0,"currency":"EUR"}' });
    expect(res.status).toBe(400);
    expect(res.body!.errors).toEqual([expect.objectContaining({ code: "NEGATIVE_ZERO", field: "priceMinor" })]);
  });

  it("1e999 and 2^53+1 are refused as numbers, not stored as Infinity or a rounded value", async () => {
    const { secret } = await apiKey(["products:write"]);
    for (const price of ["1e999", "9007199254740993"]) {
      const res = await rest("POST", "/products", {
        key: secret,
        body: `{"sku":"BIG-1","name":"Big","priceMinor":${price},"currency":"EUR"}`,
      });
      expect(res.status, price).toBe(400);
      expect(res.body!.errors[0].field).toBe("priceMinor");
    }
  });

  it("query keys named like Object's own properties are unknown keys, not a crash (was a 500)", async () => {
    for (const query of ["constructor=1", "__proto__=1", "toString=x&hasOwnProperty=y", "__proto__[limit]=1"]) {
      const res = await rest("GET", `/storefront/products?${query}`);
      expect(res.status, query).toBe(200);
    }
  });
});

describe("tRPC's transport", () => {
  it("refuses a batch of more than TRPC_MAX_BATCH calls with 400 BATCH_TOO_LARGE, running none", async () => {
    /** `calls` storefront.list calls in one batched GET, as the web client would batch them. */
    const batchOf = (calls: number) => {
      const paths = Array.from({ length: calls }, () => "storefront.list").join(",");
      const input = encodeURIComponent(
        JSON.stringify(Object.fromEntries(Array.from({ length: calls }, (_, i) => [i, { json: { limit: 1 } }]))),
      );
      return trpcGet(new Request(`${origin}/api/trpc/${paths}?batch=1&input=${input}`));
    };
    const allowed = getServerConfig().trpcMaxBatch;
    const res = await batchOf(1000);
    expect(res.status).toBe(400);
    const body = await res.json();
    const errors = Array.isArray(body) ? body : [body];
    expect(errors[0].error.json.data.reason).toBe("BATCH_TOO_LARGE");
    expect(errors[0].error.json.message).toContain(String(allowed));

    const atLimit = await batchOf(allowed);
    expect(atLimit.status).toBe(200);
  });

  it("refuses a mutation from another site with 403 CROSS_SITE_REQUEST, and takes the app's own", async () => {
    const jar = await signedIn("customer@stockroom.test");
    const send = (headers: Record<string, string>) =>
      trpcPost(
        new Request(`${origin}/api/trpc/me.updateProfile`, {
          method: "POST",
          headers: { "content-type": "application/json", cookie: jar.header(), ...headers },
          body: JSON.stringify({ json: { name: "Renamed" } }),
        }),
      );
    const foreign: Record<string, string>[] = [
      { origin: "https://evil.example" },
      { "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "same-site", origin: "https://shop.stockroom.test" },
    ];
    for (const headers of foreign) {
      const res = await send(headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect((await res.json()).error.json.data.reason).toBe("CROSS_SITE_REQUEST");
    }
    const own: Record<string, string>[] = [{ origin }, { "sec-fetch-site": "same-origin", origin }, {}];
    for (const headers of own) {
      const res = await send(headers);
      expect(res.status, JSON.stringify(headers)).toBe(200);
    }
  });
});
