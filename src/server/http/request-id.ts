import { randomUUID } from "node:crypto";

/** Letters, digits and `._:-`, up to 100 (docs/rest-api.md): safe to log and to echo in a header. */
const requestIdPattern = /^[A-Za-z0-9._:-]{1,100}$/;

/** Accepts a caller's X-Request-Id when it is safe to log and echo, otherwise makes one. */
export function requestIdFrom(headers: Headers): string {
  const given = headers.get("x-request-id");
  return given && requestIdPattern.test(given) ? given : randomUUID();
}
