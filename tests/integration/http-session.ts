/** Sign-in and tRPC calls as a browser makes them: the Auth.js and tRPC route handlers with real Requests. */
import { NextRequest } from "next/server";
import { expect } from "vitest";
import { DEMO_PASSWORD } from "../../prisma/seed";
import { GET as authGet, POST as authPost } from "../../src/app/api/auth/[...nextauth]/route";
import { GET as trpcGet, POST as trpcPost } from "../../src/app/api/trpc/[trpc]/route";

export const origin = "http://stockroom.test";

/** Cookies from Set-Cookie headers, replayed as a Cookie header. */
export class CookieJar {
  readonly cookies = new Map<string, string>();
  store(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (value === "" || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
  copy() {
    const jar = new CookieJar();
    for (const [k, v] of this.cookies) jar.cookies.set(k, v);
    return jar;
  }
}

export async function csrf(jar: CookieJar): Promise<string> {
  const res = await authGet(new NextRequest(`${origin}/api/auth/csrf`, { headers: { cookie: jar.header() } }));
  jar.store(res);
  return (await res.json()).csrfToken;
}

/** Signs in through the Credentials provider; returns the redirect Auth.js answered with. */
export async function signIn(jar: CookieJar, email: string, password: string): Promise<Response> {
  const body = new URLSearchParams({ csrfToken: await csrf(jar), email, password, callbackUrl: `${origin}/` });
  const res = await authPost(
    new NextRequest(`${origin}/api/auth/callback/credentials`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.header(), "x-forwarded-for": "198.51.100.1" },
      body,
    }),
  );
  jar.store(res);
  return res;
}

export async function signOut(jar: CookieJar) {
  const body = new URLSearchParams({ csrfToken: await csrf(jar), callbackUrl: `${origin}/` });
  const res = await authPost(
    new NextRequest(`${origin}/api/auth/signout`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.header() },
      body,
    }),
  );
  jar.store(res);
}

export async function trpcQuery(path: string, headers: Record<string, string>) {
  const res = await trpcGet(new Request(`${origin}/api/trpc/${path}`, { headers }));
  return { status: res.status, body: await res.json() };
}

export async function trpcMutation(path: string, input: unknown, headers: Record<string, string>) {
  const res = await trpcPost(
    new Request(`${origin}/api/trpc/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ json: input }),
    }),
  );
  return { status: res.status, body: await res.json() };
}

export const sessionCookie = "authjs.session-token";

export async function signedIn(email: string, password = DEMO_PASSWORD) {
  const jar = new CookieJar();
  const res = await signIn(jar, email, password);
  expect(res.status).toBe(302);
  expect(jar.cookies.has(sessionCookie)).toBe(true);
  return jar;
}
