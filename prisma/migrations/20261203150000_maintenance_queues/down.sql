-- Down: 20261203150000_maintenance_queues
-- Data lost: clean-up jobs waiting to run, and their schedules (deleted with their queue).
-- pg-boss's delete_queue refuses a queue that still has jobs (its JavaScript deletes them first, as here).
DELETE FROM pgboss.job WHERE name LIKE 'maintenance-%';
DELETE FROM pgboss.archive WHERE name LIKE 'maintenance-%';
SELECT pgboss.delete_queue('maintenance-prune-events');
SELECT pgboss.delete_queue('maintenance-expire-idempotency-keys');
SELECT pgboss.delete_queue('maintenance-remove-abandoned-carts');
SELECT pgboss.delete_queue('maintenance-prune-webhook-deliveries');
