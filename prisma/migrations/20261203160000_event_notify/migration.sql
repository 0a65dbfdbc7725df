-- Committed events wake their readers (the realtime streams, the webhook relay) in every process, instead of
-- each polling the outbox. One NOTIFY per inserting statement; PostgreSQL delivers it only when the
-- transaction commits and folds identical notifications of one transaction into one. The payload is empty:
-- readers read the outbox after their own position (docs/realtime.md).
CREATE FUNCTION "stockroom_notify_events"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('stockroom_events', '');
  RETURN NULL;
END
$$;

CREATE TRIGGER "Event_notify" AFTER INSERT ON "Event" FOR EACH STATEMENT EXECUTE FUNCTION "stockroom_notify_events"();
