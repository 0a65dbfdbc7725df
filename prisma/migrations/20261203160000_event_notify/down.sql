-- Down: 20261203160000_event_notify
-- Data lost: none. Readers fall back to their periodic look at the outbox (REALTIME safety poll, relay poll).
DROP TRIGGER "Event_notify" ON "Event";
DROP FUNCTION "stockroom_notify_events"();
