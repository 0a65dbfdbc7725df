-- Down: 20261122194936_identity
-- Data lost: sessions, linked sign-in accounts, API keys, the audit log, users' password hashes and their
-- active flag (deactivated users become able to sign in again once the code that checks it is gone too).
DROP TRIGGER "AuditEvent_append_only" ON "AuditEvent";
DROP FUNCTION "audit_event_append_only"();
DROP TABLE "AuditEvent";
DROP TABLE "ApiKey";
DROP TABLE "Account";
DROP TABLE "Session";
ALTER TABLE "User" DROP COLUMN "active",
DROP COLUMN "passwordHash";
DROP TYPE "AuditOutcome";
DROP TYPE "ActorType";
