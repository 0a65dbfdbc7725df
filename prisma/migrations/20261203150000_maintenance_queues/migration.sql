-- The scheduled maintenance jobs' queues (docs/jobs.md). Created here rather than by each worker at start-up:
-- two workers starting together both ran pgboss.create_queue, which takes locks in an order that deadlocks
-- (one instance failed to start). Retries: 3, from 60 s doubling.
SELECT pgboss.create_queue('maintenance-prune-events', '{"policy": "standard", "retryLimit": 3, "retryDelay": 60, "retryBackoff": true}'::json);
SELECT pgboss.create_queue('maintenance-expire-idempotency-keys', '{"policy": "standard", "retryLimit": 3, "retryDelay": 60, "retryBackoff": true}'::json);
SELECT pgboss.create_queue('maintenance-remove-abandoned-carts', '{"policy": "standard", "retryLimit": 3, "retryDelay": 60, "retryBackoff": true}'::json);
SELECT pgboss.create_queue('maintenance-prune-webhook-deliveries', '{"policy": "standard", "retryLimit": 3, "retryDelay": 60, "retryBackoff": true}'::json);
