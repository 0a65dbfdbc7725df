-- Down: 20261203114000_job_queue
-- Data lost: every background job (waiting, active, failed, archived) and every schedule: pg-boss's whole schema.
DROP SCHEMA pgboss CASCADE;
