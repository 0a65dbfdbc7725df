/** What a receiver gets: the same envelope for every type (docs/webhooks.md), serialized once per delivery. */
export interface WebhookEnvelope {
  id: string;
  type: string;
  version: number;
  timestamp: string;
  data: unknown;
}

export function webhookBody(envelope: WebhookEnvelope): string {
  return JSON.stringify(envelope);
}

/** The ping a `POST /webhook-endpoints/{id}/test` sends (not a domain event: it is never in the feed). */
export const PING_TYPE = "webhook.ping";
