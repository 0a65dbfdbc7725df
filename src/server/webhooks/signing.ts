/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com), made by the `standardwebhooks` package
 * that receivers use to verify them. Secrets are `whsec_` and 32 random bytes in base64.
 */
import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";

/** A new signing secret: shown once to whoever creates or rotates it. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

export interface SigningSecrets {
  secret: string;
  /** The secret before the last rotation, while it still signs (the receiver may not have switched yet). */
  previousSecret: string | null;
  previousSecretExpiresAt: Date | null;
}

/**
 * The three headers of one attempt. The signature header carries one `v1,…` signature per secret in use,
 * space-separated, so a receiver holding either the new or the old secret accepts it during a rotation.
 */
export function signedHeaders(secrets: SigningSecrets, messageId: string, body: string, at: Date): Record<string, string> {
  const signatures = [new Webhook(secrets.secret).sign(messageId, at, body)];
  if (secrets.previousSecret && secrets.previousSecretExpiresAt && secrets.previousSecretExpiresAt > at) {
    signatures.push(new Webhook(secrets.previousSecret).sign(messageId, at, body));
  }
  return {
    "webhook-id": messageId,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": signatures.join(" "),
  };
}
