-- Down: 20261122181434_init_users
-- Data lost: every user (and with them everything later migrations hang on users, which are rolled back first).
DROP TABLE "User";
DROP TYPE "Role";
