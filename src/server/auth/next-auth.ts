/**
 * Auth.js (next-auth v5) for the web app: email + password, optional OAuth providers, JWT cookies that
 * carry only a server-side session id (see docs/decisions/005-session-strategy.md).
 */
import NextAuth, { CredentialsSignin, type NextAuthConfig, type Session } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import Google from "next-auth/providers/google";
import type { Role } from "@/generated/prisma/enums";
import { clientInfoFrom } from "../client-info";
import { getLogger } from "../logger";
import { getDatabase } from "../db";
import { standaloneWork } from "../db/unit-of-work";
import { loadAuthConfig, type OAuthProviderId } from "./config";
import { resolveOAuthUser } from "./oauth";
import type { Actor } from "./permissions";
import { actorForSession, createSession, revokeSession, SESSION_MAX_AGE_SECONDS } from "./sessions";
import { getRateLimits } from "../rate-limit";
import { signInWithPassword, type SignInProblem } from "./sign-in";

declare module "next-auth" {
  interface Session {
    user: { id: string; email: string; name: string; role: Role };
    sessionId: string;
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    /** The server-side session row. */
    sid?: string;
  }
}

/** What the sign-in form learns: a stable code (never which of email or password was wrong). */
class SignInError extends CredentialsSignin {
  constructor(problem: SignInProblem) {
    super(problem);
    this.code = problem.toLowerCase();
  }
}

/** The user Auth.js hands to the jwt callback right after sign-in; ip/userAgent describe the session. */
interface SignedInUser {
  id: string;
  email: string;
  name: string;
  ip?: string | null;
  userAgent?: string | null;
}

// The actor found while checking a token, handed from the jwt callback to the session callback.
const actorsByToken = new WeakMap<object, Awaited<ReturnType<typeof actorForSession>>>();

function oauthProvider(id: OAuthProviderId) {
  // Each reads AUTH_<ID>_ID and AUTH_<ID>_SECRET itself.
  return id === "github" ? GitHub : Google;
}

function buildConfig(): NextAuthConfig {
  const config = loadAuthConfig();
  return {
    secret: config.secret,
    useSecureCookies: config.secureCookies,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    logger: {
      error: (error) => getLogger().error("auth error", { error }),
      warn: (code) => getLogger().warn("auth warning", { code }),
      debug: () => {},
    },
    providers: [
      Credentials({
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, request) {
          const email = typeof credentials?.email === "string" ? credentials.email : "";
          const password = typeof credentials?.password === "string" ? credentials.password : "";
          const client = clientInfoFrom(request.headers);
          const result = await signInWithPassword(getDatabase().db, { email, password, ip: client.ip }, getRateLimits());
          if (!result.ok) {
            getLogger().info("sign-in refused", { problem: result.problem, ip: client.ip });
            throw new SignInError(result.problem);
          }
          const user: SignedInUser = { ...result.user, ...client };
          return user;
        },
      }),
      ...config.oauthProviders.map(oauthProvider),
    ],
    callbacks: {
      async signIn({ account, profile }) {
        if (!account || account.type === "credentials") return true;
        const user = await resolveOAuthUser(getDatabase().db, {
          provider: account.provider,
          providerAccountId: account.providerAccountId,
          email: profile?.email,
          // Google says so explicitly; GitHub only returns a verified primary address.
          emailVerified: account.provider === "github" || profile?.email_verified === true,
          name: profile?.name,
        });
        return user !== null;
      },
      async jwt({ token, user, account }) {
        const db = getDatabase().db;
        if (user && account) {
          // Signing in: open a server-side session; the cookie carries only its id.
          const userId =
            account.type === "credentials"
              ? user.id!
              : (
                  await resolveOAuthUser(db, {
                    provider: account.provider,
                    providerAccountId: account.providerAccountId,
                    email: user.email,
                    emailVerified: false,
                    name: user.name,
                  })
                )?.id;
          if (!userId) return null;
          const signedIn = user as SignedInUser;
          const session = await createSession(db, userId, { ip: signedIn.ip, userAgent: signedIn.userAgent });
          return { sid: session.id, sub: userId };
        }
        if (!token.sid) return null;
        const actor = await actorForSession(db, token.sid);
        if (!actor) return null;
        // Only the id travels in the cookie; who the user is and their role are read fresh every request.
        const minimal = { sid: token.sid, sub: actor.userId };
        actorsByToken.set(minimal, actor);
        return minimal;
      },
      session({ session, token }) {
        const actor = actorsByToken.get(token);
        if (!actor) return { ...session, user: undefined };
        return {
          expires: session.expires,
          sessionId: actor.sessionId,
          user: { id: actor.userId, email: actor.email, name: actor.name, role: actor.role },
        };
      },
    },
    events: {
      async signOut(message) {
        const sid = "token" in message ? message.token?.sid : undefined;
        if (sid) await revokeSession(standaloneWork(getDatabase().db), sid);
      },
    },
  };
}

/** The user an `auth()` result stands for (the session callback above shaped it), or null for a guest. */
export function userActorFromSession(session: Session | null): Extract<Actor, { type: "user" }> | null {
  if (!session?.user) return null;
  const { user } = session;
  return { type: "user", userId: user.id, email: user.email, name: user.name, role: user.role, sessionId: session.sessionId };
}

let built: NextAuthConfig | undefined;

export const { handlers, auth, signIn, signOut } = NextAuth(() => (built ??= buildConfig()));
