-- Down: 20261203130000_email_queues
-- Data lost: order e-mails waiting to be sent (the queues and their jobs).
-- pg-boss's delete_queue refuses a queue that still has jobs (its JavaScript deletes them first, as here).
DELETE FROM pgboss.job WHERE name IN ('email-order-placed', 'email-order-shipped');
DELETE FROM pgboss.archive WHERE name IN ('email-order-placed', 'email-order-shipped');
SELECT pgboss.delete_queue('email-order-placed');
SELECT pgboss.delete_queue('email-order-shipped');
