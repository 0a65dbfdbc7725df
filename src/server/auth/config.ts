/**
 * Sign-in settings, read from the environment (documented in .env.example). Separate from the server
 * config so database scripts (migrate, seed) do not need the auth secret.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { ConfigError } from "../config-error";

export interface AuthConfig {
  secret: string;
  /** Secure cookies (and the `__Secure-` prefix): always in production. */
  secureCookies: boolean;
  /** OAuth providers switched on by their variables; none by default. */
  oauthProviders: OAuthProviderId[];
}

export const oauthProviderIds = ["github", "google"] as const;
export type OAuthProviderId = (typeof oauthProviderIds)[number];

const MIN_SECRET_LENGTH = 32;
/** Development only: a random secret made on first run and kept beside the embedded database. */
const devSecretFile = path.resolve(".data/auth-secret");

export function loadAuthConfig(env: Record<string, string | undefined> = process.env): AuthConfig {
  const production = env.NODE_ENV === "production";
  let secret = env.AUTH_SECRET?.trim();
  if (secret && secret.length < MIN_SECRET_LENGTH) {
    throw new ConfigError(`AUTH_SECRET must be at least ${MIN_SECRET_LENGTH} characters: generate one with \`openssl rand -base64 32\``);
  }
  if (!secret && production) {
    throw new ConfigError("AUTH_SECRET is required when NODE_ENV=production: generate one with `openssl rand -base64 32`");
  }
  if (production && !env.AUTH_URL?.trim() && env.AUTH_TRUST_HOST !== "true") {
    throw new ConfigError(
      "AUTH_URL is required when NODE_ENV=production: the public URL of the app, e.g. https://shop.example.com (or AUTH_TRUST_HOST=true behind a proxy that sets X-Forwarded-Host)",
    );
  }
  secret ??= developmentSecret();

  const oauthProviders: OAuthProviderId[] = [];
  for (const id of oauthProviderIds) {
    const name = `AUTH_${id.toUpperCase()}`;
    const clientId = env[`${name}_ID`]?.trim();
    const clientSecret = env[`${name}_SECRET`]?.trim();
    if (!clientId && !clientSecret) continue;
    if (!clientId || !clientSecret) throw new ConfigError(`${name}_ID and ${name}_SECRET must be set together to sign in with ${id}`);
    oauthProviders.push(id);
  }
  return { secret, secureCookies: production, oauthProviders };
}

function developmentSecret(): string {
  try {
    const saved = readFileSync(devSecretFile, "utf8").trim();
    if (saved.length >= MIN_SECRET_LENGTH) return saved;
  } catch {
    // Not made yet.
  }
  const secret = randomBytes(32).toString("base64url");
  mkdirSync(path.dirname(devSecretFile), { recursive: true });
  writeFileSync(devSecretFile, `${secret}\n`, { mode: 0o600 });
  return secret;
}

let cached: AuthConfig | undefined;

/** The process's sign-in settings, read once (request paths need them on every signed-in request). */
export function getAuthConfig(): AuthConfig {
  cached ??= loadAuthConfig();
  return cached;
}
