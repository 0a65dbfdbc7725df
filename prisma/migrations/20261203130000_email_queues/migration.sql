-- The customer emails' job queues (docs/jobs.md). Created here rather than by a worker at start-up: a web-only
-- instance writes these jobs in the checkout's transaction, and pg-boss silently drops a job for a queue that
-- does not exist. Retries: 5, from 30 s doubling.
SELECT pgboss.create_queue('email-order-placed', '{"policy": "standard", "retryLimit": 5, "retryDelay": 30, "retryBackoff": true}'::json);
SELECT pgboss.create_queue('email-order-shipped', '{"policy": "standard", "retryLimit": 5, "retryDelay": 30, "retryBackoff": true}'::json);
