-- Down: 20261203083244_events
-- Data lost: the event outbox (every domain event; integrators reading the feed lose their cursor's meaning).
DROP TABLE "Event";
