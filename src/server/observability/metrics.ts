/**
 * Prometheus metrics (prom-client), served at GET /api/metrics. One registry per process, kept on
 * globalThis: Next's dev reloads would otherwise register every metric twice (prom-client refuses), and the
 * production server's own module copy sees the same registry.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { processSingleton } from "../process-singleton";

const durationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** A registry with every Stockroom metric (tests make their own; the app uses `getMetrics()`). */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "stockroom_" });
  const make = {
    counter: <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
      new Counter({ name, help, labelNames, registers: [registry] }),
    histogram: <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
      new Histogram({ name, help, labelNames, buckets: durationBuckets, registers: [registry] }),
  };
  return {
    registry,
    httpRequests: make.counter("stockroom_http_requests_total", "HTTP requests to the API, by route template, method and status", [
      "route",
      "method",
      "status",
    ]),
    httpDuration: make.histogram("stockroom_http_request_duration_seconds", "Time to answer an API request", ["route", "method", "status"]),
    procedureCalls: make.counter(
      "stockroom_procedure_calls_total",
      "Procedure calls, by procedure, transport (trpc, rest, server) and HTTP status",
      ["procedure", "transport", "status"],
    ),
    procedureDuration: make.histogram("stockroom_procedure_duration_seconds", "Time a procedure call took, middleware included", [
      "procedure",
      "transport",
      "status",
    ]),
    cacheRequests: make.counter("stockroom_cache_requests_total", "Cache lookups by cache and result (hit, miss, error, bypass)", [
      "cache",
      "result",
    ]),
    cacheInvalidations: make.counter("stockroom_cache_invalidations_total", "Cache invalidations after committed changes, by outcome", [
      "outcome",
    ]),
    rateLimitRejections: make.counter("stockroom_rate_limit_rejections_total", "Requests refused by a rate limit, by policy", ["policy"]),
    rateLimitStoreErrors: make.counter(
      "stockroom_rate_limit_store_errors_total",
      "Rate-limit checks Redis could not answer, by policy and what was done (allowed, refused)",
      ["policy", "outcome"],
    ),
    slowQueries: make.counter("stockroom_db_slow_queries_total", "Database queries slower than SLOW_QUERY_MS", []),
    ordersPlaced: make.counter("stockroom_orders_placed_total", "Orders placed (replays not counted), by channel (web, api)", ["channel"]),
    eventsRecorded: make.counter("stockroom_events_recorded_total", "Domain events committed, by type (docs/events.md)", ["type"]),
    checkoutsFailed: make.counter(
      "stockroom_checkouts_failed_total",
      "Checkouts refused, by reason (OUT_OF_STOCK, PRODUCT_UNAVAILABLE, ...)",
      ["reason"],
    ),
    dbPool: new Gauge({
      name: "stockroom_db_pool_connections",
      help: "PostgreSQL pool connections by state (in_use, idle, waiting requests)",
      labelNames: ["state"],
      registers: [registry],
    }),
    httpInFlight: new Gauge({
      name: "stockroom_http_requests_in_flight",
      help: "Requests the production server has received and not yet answered (pages and API)",
      registers: [registry],
    }),
    redisBreakerTransitions: make.counter(
      "stockroom_redis_breaker_transitions_total",
      "Changes of the Redis circuit breaker's state, by the state entered",
      ["to"],
    ),
    redisBreakerOpen: new Gauge({
      name: "stockroom_redis_breaker_open",
      help: "1 while Redis is being skipped (circuit breaker open or probing), else 0",
      registers: [registry],
    }),
    jobs: new Gauge({
      name: "stockroom_jobs",
      help: "Jobs by queue and state (created, retry, active, failed), as pg-boss last counted them; every webhook endpoint's queue counts as webhook",
      labelNames: ["queue", "state"],
      registers: [registry],
    }),
    jobRuns: make.counter(
      "stockroom_job_runs_total",
      "Jobs run by this process, by queue and outcome (completed, retried: failed and will run again, failed: no retry left)",
      ["queue", "outcome"],
    ),
    webhookAttempts: make.counter(
      "stockroom_webhook_attempts_total",
      "Webhook delivery attempts, by outcome (delivered, http_error, network_error, refused)",
      ["outcome"],
    ),
    realtimeStreams: new Gauge({
      name: "stockroom_realtime_streams",
      help: "Realtime streams (tRPC subscriptions over SSE) open on this process",
      registers: [registry],
    }),
    realtimeEventsSent: make.counter("stockroom_realtime_events_sent_total", "Events sent to realtime streams, by procedure", [
      "procedure",
    ]),
    realtimeResumptions: make.counter(
      "stockroom_realtime_resumptions_total",
      "Streams that reconnected with a last event id, by outcome (resumed; unknown: the id was not found, so the stream started from now)",
      ["outcome"],
    ),
    realtimeRefusals: make.counter(
      "stockroom_realtime_refusals_total",
      "Streams refused or ended by the server, by reason (limit, session_ended, draining, behind)",
      ["reason"],
    ),
    dbPoolMax: new Gauge({
      name: "stockroom_db_pool_max_connections",
      help: "The pool's size (DATABASE_POOL_SIZE)",
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

const processMetrics = processSingleton<Metrics>("metrics");

/** The process's metrics. */
export function getMetrics(): Metrics {
  return processMetrics.get(createMetrics);
}
