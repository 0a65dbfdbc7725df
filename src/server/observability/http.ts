/**
 * One log line and one metrics sample per API request: request id, method, route (a template, never a raw
 * path with ids), the procedures it called, status, duration and the actor's id. Route handlers wrap
 * themselves with `observed`; what they learn while answering (procedures, actor) goes on the record.
 */
import { requestIdFrom } from "../http/request-id";
import { getLogger } from "../logger";
import { commonHeaders, securitySettings } from "../security-headers";
import { getMetrics } from "./metrics";

/** HSTS depends on runtime settings (production, served over HTTPS); the other API headers are static (next.config.js). */
const hsts = () => commonHeaders(securitySettings())["strict-transport-security"];

export interface RequestRecord {
  requestId: string;
  /** A template such as `/api/v1/products/{id}`; the handler may refine it once it has matched. */
  route: string;
  procedure?: string;
  /** `user:<id>` or `apiKey:<id>`. */
  actor?: string;
}

export type ObservedHandler = (req: Request, record: RequestRecord) => Promise<Response> | Response;

/**
 * Wraps a route handler so that every answer is logged and counted. Probes (health, metrics) log at
 * debug: a load balancer asking every few seconds would drown the request lines.
 */
export function observed(route: string, handler: ObservedHandler, options: { probe?: boolean } = {}): (req: Request) => Promise<Response> {
  return async function observedRoute(req: Request) {
    const started = performance.now();
    const record: RequestRecord = { requestId: requestIdFrom(req.headers), route };
    let status = 500;
    try {
      const response = await handler(req, record);
      status = response.status;
      const transportSecurity = hsts();
      if (transportSecurity) {
        try {
          response.headers.set("strict-transport-security", transportSecurity);
        } catch {
          // Redirects made with Response.redirect() have immutable headers; pages carry HSTS anyway.
        }
      }
      return response;
    } finally {
      const seconds = (performance.now() - started) / 1000;
      const labels = { route: record.route, method: req.method, status: String(status) };
      const metrics = getMetrics();
      metrics.httpRequests.inc(labels);
      metrics.httpDuration.observe(labels, seconds);
      const line = {
        requestId: record.requestId,
        method: req.method,
        route: record.route,
        procedure: record.procedure,
        status,
        durationMs: Math.round(seconds * 10_000) / 10,
        actor: record.actor,
      };
      const logger = getLogger();
      if (status >= 500) logger.error("request", line);
      else if (options.probe) logger.debug("request", line);
      else logger.info("request", line);
    }
  };
}
