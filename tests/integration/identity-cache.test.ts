/**
 * A signed-in request costs no database query when nothing changed (the session or API key is held in
 * memory), and a change on "another instance" (announced through Redis) is seen on the very next request.
 */
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { GET as trpcGet } from "../../src/app/api/trpc/[trpc]/route";
import { getDatabase } from "../../src/server/db";
import { closeRedis } from "../../src/server/redis";
import { deleteKeys, testRedisUrl, uniquePrefix } from "../setup/redis";
import { apiKey, userCaller, withEnv } from "./helpers";
import { origin, sessionCookie, signedIn } from "./http-session";
import { rest } from "./rest-request";
import { DEMO_PASSWORD } from "../../prisma/seed";

const prefix = uniquePrefix("identity-http");
const env = { REDIS_URL: testRedisUrl, REDIS_KEY_PREFIX: prefix };
afterAll(async () => {
  await closeRedis();
  await deleteKeys(testRedisUrl, prefix);
});

/** How many SQL statements `work` sends through the process's database client. */
async function statementsDuring(work: () => Promise<unknown>): Promise<number> {
  let count = 0;
  const db = getDatabase().db as unknown as { $on(event: "query", listener: () => void): void };
  let counting = true;
  db.$on("query", () => {
    if (counting) count += 1;
  });
  await work();
  counting = false;
  return count;
}

const productsUrl = `${origin}/api/trpc/storefront.list?input=${encodeURIComponent(JSON.stringify({ json: { limit: 2 } }))}`;

describe("identities held in memory (with Redis to hear changes)", () => {
  it("a session cookie costs no query after the first request, and a role change is seen at once", async () => {
    await withEnv(env, async () => {
      const jar = await signedIn("staff@stockroom.test", DEMO_PASSWORD);
      const headers = { cookie: jar.header() };
      const me = async () =>
        (await (await trpcGet(new Request(`${origin}/api/trpc/me.get`, { headers }))).json()) as {
          result?: { data: { json: { role: string } } };
          error?: unknown;
        };
      await trpcGet(new Request(productsUrl, { headers })); // loads the session, caches the page
      // (Once the instance's subscription to announcements is up: it starts with the first use.)
      await expect.poll(() => statementsDuring(() => trpcGet(new Request(productsUrl, { headers }))), { timeout: 5_000 }).toBe(0);
      expect((await me()).result?.data.json.role).toBe("STAFF");
      // An admin demotes the user: their sessions end, on every instance, at once.
      const admin = await userCaller("admin");
      const staff = await getDatabase().db.user.findUniqueOrThrow({ where: { email: "staff@stockroom.test" } });
      await admin.admin.users.setRole({ userId: staff.id, role: "CUSTOMER" });
      expect((await me()).error).toBeDefined();
      expect(jar.cookies.has(sessionCookie)).toBe(true);
      await admin.admin.users.setRole({ userId: staff.id, role: "STAFF" });
    });
  });

  it("an API key costs no query after the first request, and is refused on the next request once revoked", async () => {
    await withEnv(env, async () => {
      const key = await apiKey(["products:read"]);
      expect((await rest("GET", "/storefront/products?limit=2", { key: key.secret })).status).toBe(200);
      await expect
        .poll(() => statementsDuring(() => rest("GET", "/storefront/products?limit=2", { key: key.secret })), { timeout: 5_000 })
        .toBe(0);
      await (await userCaller("admin")).admin.apiKeys.revoke({ id: key.key.id });
      const refused = await rest("GET", "/storefront/products?limit=2", { key: key.secret });
      expect(refused.status).toBe(401);
      expect(refused.body!.errors[0].code).toBe("API_KEY_REVOKED");
    });
  });

  it("an unknown API key costs one query, then none while it is remembered as unknown", async () => {
    // Well formed (so it is looked up), but no key's.
    const bogus = `sk_test_${randomBytes(32).toString("base64url")}`;
    const first = await rest("GET", "/storefront/products?limit=2", { key: bogus });
    expect(first.status).toBe(401);
    expect(first.body!.errors[0].code).toBe("INVALID_API_KEY");
    expect(await statementsDuring(() => rest("GET", "/storefront/products?limit=2", { key: bogus }))).toBe(0);
    const again = await rest("GET", "/storefront/products?limit=2", { key: bogus });
    expect(again.body!.errors[0].code).toBe("INVALID_API_KEY");
  });
});
