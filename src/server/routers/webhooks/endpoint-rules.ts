/**
 * What an endpoint may be, checked when it is saved: the caller may read every type it asks for, and the URL
 * is https (http only to a loopback host when WEBHOOK_ALLOW_LOCALHOST=true), carries no credentials and names
 * no private address. A host name is checked again, resolved, at every connection (../../webhooks/address-guard.ts).
 */
import { hasPermission, type Actor } from "../../auth/permissions";
import { getServerConfig } from "../../config";
import { appError } from "../../errors";
import { eventCatalog, type EventType } from "../../events/catalog";
import { addressLiteral, addressRange, refusedAddress } from "../../webhooks/address-guard";

export function assertReadableTypes(actor: Actor, types: readonly EventType[]): void {
  const refused = types.filter((type) => !hasPermission(actor, eventCatalog[type].permission));
  if (refused.length) {
    throw appError("FORBIDDEN", "EVENT_TYPE_FORBIDDEN", `You may not receive ${refused.join(", ")} events`, {
      field: "eventTypes",
      types: refused,
    });
  }
}

export function assertEndpointUrl(raw: string, allowLocalhost = getServerConfig().webhooks.allowLocalhost): void {
  const invalid = (message: string) => appError("BAD_REQUEST", "WEBHOOK_URL_REFUSED", message, { field: "url" });
  const url = new URL(raw);
  if (url.username || url.password) throw invalid("Put no user name or password in the URL: receivers verify the signature instead");
  const host = url.hostname.toLowerCase();
  const literal = addressLiteral(host);
  const loopbackHost = host === "localhost" || host.endsWith(".localhost") || (literal !== null && addressRange(literal) === "loopback");
  if (loopbackHost && !allowLocalhost)
    throw invalid("Use a public host: loopback receivers are allowed only when WEBHOOK_ALLOW_LOCALHOST=true");
  if (url.protocol === "http:" && !(loopbackHost && allowLocalhost))
    throw invalid("Use https:// (http:// is allowed only for a loopback receiver in development)");
  if (url.protocol !== "https:" && url.protocol !== "http:") throw invalid("Use an https:// URL");
  if (literal && !loopbackHost) {
    const reason = refusedAddress(literal, false);
    if (reason) throw invalid(`Use a public address: ${reason}`);
  }
}
