/**
 * Sign-in, sessions and API keys as HTTP sees them: the Auth.js route handlers and the tRPC route handler
 * called with real Requests, cookies carried by hand as a browser (or a thief) would.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../prisma/seed";
import { getDatabase } from "../../src/server/db";
import { apiKey, userCaller } from "./helpers";
import { CookieJar, sessionCookie, signedIn, signIn, signOut, trpcMutation, trpcQuery } from "./http-session";

async function newCustomer(suffix: string) {
  const email = `http-${suffix}-${Date.now()}@example.test`;
  const res = await trpcMutation("auth.signUp", { email, password: "correct horse battery", name: "HTTP Tester" }, {});
  expect(res.status).toBe(200);
  return email;
}

describe("signing in with email and password", () => {
  it("sets an HttpOnly, SameSite=Lax session cookie that identifies the user to tRPC", async () => {
    const jar = new CookieJar();
    const res = await signIn(jar, "  Customer@Stockroom.TEST ", DEMO_PASSWORD);
    expect(res.status).toBe(302);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${sessionCookie}=`))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const me = await trpcQuery("me.get", { cookie: jar.header() });
    expect(me.status).toBe(200);
    expect(me.body.result.data.json).toMatchObject({ type: "user", email: "customer@stockroom.test", role: "CUSTOMER" });
    expect(JSON.stringify(me.body)).not.toContain("passwordHash");
  });

  it("answers a wrong password and an unknown email alike, with no session", async () => {
    const wrong = await signIn(new CookieJar(), "customer@stockroom.test", "not the password");
    const unknown = await signIn(new CookieJar(), "nobody@stockroom.test", "not the password");
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(302);
      expect(res.headers.getSetCookie().some((c) => c.startsWith(`${sessionCookie}=`) && !/Max-Age=0/i.test(c))).toBe(false);
    }
    const location = (res: Response) => new URL(res.headers.get("location")!).searchParams;
    expect(location(wrong).get("code")).toBe("invalid_credentials");
    expect(location(unknown).get("code")).toBe("invalid_credentials");
  });
});

describe("a copied session cookie stops working on the next request", () => {
  it("after sign-out", async () => {
    const jar = await signedIn("customer2@stockroom.test");
    const stolen = jar.copy();
    await signOut(jar);
    expect(jar.cookies.has(sessionCookie)).toBe(false);
    const me = await trpcQuery("me.get", { cookie: stolen.header() });
    expect(me.status).toBe(401);
    expect(me.body.error.json.data.reason).toBe("AUTHENTICATION_REQUIRED");
  });

  it("after a password change (and the new password works)", async () => {
    const email = await newCustomer("pw");
    const jar = await signedIn(email, "correct horse battery");
    const stolen = jar.copy();
    const changed = await trpcMutation(
      "me.changePassword",
      { currentPassword: "correct horse battery", newPassword: "a brand new passphrase" },
      { cookie: jar.header() },
    );
    expect(changed.status).toBe(200);
    expect((await trpcQuery("me.get", { cookie: stolen.header() })).status).toBe(401);
    expect((await trpcQuery("me.get", { cookie: jar.header() })).status).toBe(401);
    const again = await signedIn(email, "a brand new passphrase");
    expect((await trpcQuery("me.get", { cookie: again.header() })).status).toBe(200);
  });

  it("after a role change, and the next sign-in carries the new role", async () => {
    const email = await newCustomer("role");
    const jar = await signedIn(email, "correct horse battery");
    const stolen = jar.copy();
    const user = await getDatabase().db.user.findUniqueOrThrow({ where: { email } });
    const admin = await userCaller("admin");
    await admin.admin.users.setRole({ userId: user.id, role: "STAFF" });
    expect((await trpcQuery("me.get", { cookie: stolen.header() })).status).toBe(401);
    const again = await signedIn(email, "correct horse battery");
    expect((await trpcQuery("me.get", { cookie: again.header() })).body.result.data.json.role).toBe("STAFF");
  });

  it("after deactivation, and the user cannot sign in again", async () => {
    const email = await newCustomer("off");
    const jar = await signedIn(email, "correct horse battery");
    const user = await getDatabase().db.user.findUniqueOrThrow({ where: { email } });
    await (await userCaller("admin")).admin.users.setActive({ userId: user.id, active: false });
    expect((await trpcQuery("me.get", { cookie: jar.header() })).status).toBe(401);
    const res = await signIn(new CookieJar(), email, "correct horse battery");
    expect(new URL(res.headers.get("location")!).searchParams.get("code")).toBe("account_disabled");
  });

  it("when the cookie is forged or tampered with", async () => {
    const jar = await signedIn("customer@stockroom.test");
    const value = jar.cookies.get(sessionCookie)!;
    jar.cookies.set(sessionCookie, `${value.slice(0, -4)}AAAA`);
    expect((await trpcQuery("me.get", { cookie: jar.header() })).status).toBe(401);
  });
});

describe("a session cookie split in chunks", () => {
  // Auth.js splits a cookie over ~4 kB into name.0, name.1, ...; ours never are, but a browser holding
  // chunks (from another deployment's larger token) must still be understood, through Auth.js itself.
  const chunked = (value: string) => {
    const jar = new CookieJar();
    const half = Math.ceil(value.length / 2);
    jar.cookies.set(`${sessionCookie}.0`, value.slice(0, half));
    jar.cookies.set(`${sessionCookie}.1`, value.slice(half));
    return jar;
  };

  it("identifies the user as the whole cookie does", async () => {
    const jar = await signedIn("customer2@stockroom.test");
    const me = await trpcQuery("me.get", { cookie: chunked(jar.cookies.get(sessionCookie)!).header() });
    expect(me.status).toBe(200);
    expect(me.body.result.data.json).toMatchObject({ type: "user", email: "customer2@stockroom.test" });
  });

  it("is refused when a chunk is tampered with, or once the session is signed out", async () => {
    const jar = await signedIn("customer2@stockroom.test");
    const value = jar.cookies.get(sessionCookie)!;
    expect((await trpcQuery("me.get", { cookie: chunked(`${value.slice(0, -4)}AAAA`).header() })).status).toBe(401);
    const copy = chunked(value);
    await signOut(jar);
    expect((await trpcQuery("me.get", { cookie: copy.header() })).status).toBe(401);
  });
});

describe("API keys over HTTP", () => {
  let secret: string;
  beforeAll(async () => {
    secret = (await apiKey(["orders:read"], "HTTP ERP")).secret;
  });

  it("identify the integrator by `Authorization: Bearer`, with exactly the key's scopes", async () => {
    const me = await trpcQuery("me.get", { authorization: `Bearer ${secret}` });
    expect(me.status).toBe(200);
    expect(me.body.result.data.json).toMatchObject({ type: "apiKey", name: "HTTP ERP", scopes: ["orders:read"] });
    const denied = await trpcQuery("admin.users.list", { authorization: `Bearer ${secret}` });
    expect(denied.status).toBe(403);
    expect(denied.body.error.json.data).toMatchObject({ reason: "PERMISSION_DENIED", details: { required: "user:read:any" } });
  });

  it.each([
    ["no scheme", "sk_test_abc"],
    ["another scheme", "Basic dXNlcjpwYXNz"],
    ["an empty bearer", "Bearer "],
    ["a token that is not a key", "Bearer not-a-key"],
    ["a truncated key", "Bearer sk_test_abcdef"],
    ["two tokens", "Bearer sk_test_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa extra"],
  ])("answer a malformed Authorization header (%s) with 401 MALFORMED_AUTHORIZATION, also on public procedures", async (_, header) => {
    for (const path of ["me.get", "storefront.list"]) {
      const res = await trpcQuery(path, { authorization: header });
      expect(res.status).toBe(401);
      expect(res.body.error.json.data.reason).toBe("MALFORMED_AUTHORIZATION");
    }
  });

  it("refuse an unknown key, and a revoked one on its next request", async () => {
    const unknown = await trpcQuery("me.get", { authorization: `Bearer sk_test_${"A".repeat(43)}` });
    expect(unknown.body.error.json.data.reason).toBe("INVALID_API_KEY");
    const key = await apiKey(["products:read"]);
    expect((await trpcQuery("me.get", { authorization: `Bearer ${key.secret}` })).status).toBe(200);
    await (await userCaller("admin")).admin.apiKeys.revoke({ id: key.key.id });
    const revoked = await trpcQuery("me.get", { authorization: `Bearer ${key.secret}` });
    expect(revoked.status).toBe(401);
    expect(revoked.body.error.json.data.reason).toBe("API_KEY_REVOKED");
  });

  it("ignore a session cookie when a key is sent (no role inheritance)", async () => {
    const jar = await signedIn("admin@stockroom.test");
    const res = await trpcQuery("admin.users.list", { authorization: `Bearer ${secret}`, cookie: jar.header() });
    expect(res.status).toBe(403);
  });
});
