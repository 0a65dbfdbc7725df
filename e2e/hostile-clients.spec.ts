/**
 * Hostile clients against the production server (`npm start`, scripts/server.ts), over real sockets: what
 * only the server itself answers (malformed URLs, slow headers and bodies) and ten concurrent 250 MB uploads
 * without credentials, while reads go on. An instance of its own, with short header and request timeouts.
 */
import net from "node:net";
import { expect, test } from "@playwright/test";
import { residentMb, upload } from "../tests/setup/uploads";
import { createApiKey, seededDatabase, startInstance, type Instance } from "./instances";

let database: Awaited<ReturnType<typeof seededDatabase>>;
let server: Instance;
let secret = "";

test.describe.configure({ mode: "serial", timeout: 120_000 });

test.beforeAll(async () => {
  // Hooks do not take the describe's timeout: seeding and starting a server take longer on a busy machine.
  test.setTimeout(120_000);
  database = await seededDatabase();
  secret = await createApiKey(database.url, ["orders:write"]);
  server = await startInstance({
    DATABASE_URL: database.url,
    HEADERS_TIMEOUT_MS: "1000",
    REQUEST_TIMEOUT_MS: "2000",
    RATE_LIMIT_ANONYMOUS: "100000/1m",
  });
});

test.afterAll(async () => {
  await server?.stop("SIGKILL");
  await database?.drop();
});

const port = () => Number(new URL(server.origin).port);

/** Writes `head` (and nothing more) on a raw connection; resolves with everything the server sent until it closed. */
function rawExchange(head: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port(), "127.0.0.1", () => socket.write(head));
    let received = "";
    socket.on("data", (chunk) => (received += chunk.toString()));
    socket.on("close", () => resolve(received));
    socket.on("error", reject);
  });
}

test("a malformed percent-encoding in the path is a 400 in the error envelope, with the security headers, logged", async () => {
  const res = await fetch(`${server.origin}/api/v1/products/%FF%FE`);
  expect(res.status).toBe(400);
  expect(res.headers.get("content-security-policy")).toBeTruthy();
  expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  const body = (await res.json()) as { data: null; errors: { code: string }[]; meta: { requestId: string } };
  expect(body.errors[0]!.code).toBe("MALFORMED_URL");
  expect(res.headers.get("x-request-id")).toBe(body.meta.requestId);
  await expect
    .poll(() => server.logLines().some((l) => l.msg === "request" && l.route === "(malformed url)" && l.requestId === body.meta.requestId))
    .toBe(true);
});

test("headers that never finish, and a body sent too slowly, are cut off with 408 and the connection closed", async () => {
  const slowHeaders = await rawExchange("GET /api/v1/storefront/products HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: 1");
  expect(slowHeaders).toMatch(/^HTTP\/1\.1 408/);

  const slowBody = await rawExchange(
    `POST /api/v1/orders HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${secret}\r\nContent-Type: application/json\r\nIdempotency-Key: ${crypto.randomUUID()}\r\nContent-Length: 1048576\r\n\r\n{"lines":`,
  );
  expect(slowBody).toMatch(/^HTTP\/1\.1 408/);
  // The server is fine afterwards.
  expect((await fetch(`${server.origin}/api/v1/storefront/products?limit=1`)).status).toBe(200);
});

test("ten concurrent 250 MB bodies without credentials: refused unread, memory flat, reads answered throughout", async () => {
  const pid = server.process.pid!;
  for (let i = 0; i < 10; i++) expect((await fetch(`${server.origin}/api/v1/storefront/products?limit=5`)).status).toBe(200);
  const before = residentMb(pid);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, residentMb(pid))), 20);
  const targets = ["/api/v1/orders", "/api/trpc/cart.checkout"];
  const attack = Promise.all(Array.from({ length: 10 }, (_, i) => upload(port(), targets[i % 2]!, 250 * 1_048_576, i < 5)));
  let attacking = true;
  void attack.finally(() => (attacking = false));
  const reads: number[] = [];
  while (attacking || reads.length < 5) reads.push((await fetch(`${server.origin}/api/v1/storefront/products?limit=5`)).status);
  const uploads = await attack;
  clearInterval(sampler);
  // Declared lengths are refused from the header (413); chunked ones at the credential check (401), unread.
  // The server answers 413 and closes at once, so a client still writing may have its write fail (EPIPE,
  // ECONNRESET) before it reads the answer: that is the same refusal, provided little of the body went out.
  const declared = uploads
    .slice(0, 5)
    .map((u) => ((u.status === "EPIPE" || u.status === "ECONNRESET") && u.sentBytes < 25 * 1_048_576 ? 413 : u.status));
  expect(declared).toEqual([413, 413, 413, 413, 413]);
  expect(uploads.slice(5).map((u) => u.status)).toEqual([401, 401, 401, 401, 401]);
  expect(new Set(reads)).toEqual(new Set([200]));
  // 2.5 GB offered; the server's memory moves by less than one upload's tenth.
  expect(peak - before).toBeLessThan(25);
});
