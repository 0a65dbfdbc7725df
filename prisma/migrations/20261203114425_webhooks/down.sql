-- Down: 20261203114425_webhooks
-- Data lost: webhook endpoints (URLs and signing secrets), their delivery log and attempts, the relay's position
-- in the outbox, and the deliveries still waiting in each endpoint's queue (created by the app, one per endpoint).
-- pg-boss's delete_queue refuses a queue that still has jobs (its JavaScript deletes them first, as here).
DELETE FROM pgboss.job WHERE name LIKE 'webhook-%';
DELETE FROM pgboss.archive WHERE name LIKE 'webhook-%';
SELECT pgboss.delete_queue(name) FROM pgboss.queue WHERE name LIKE 'webhook-%';
DROP TABLE "WebhookAttempt";
DROP TABLE "WebhookDelivery";
DROP TABLE "WebhookEndpoint";
DROP TABLE "EventConsumer";
DROP TYPE "WebhookDeliveryStatus";
