/**
 * The demo accounts the seed creates (docs/seed-data.md). Their password is published, so a production
 * server refuses to start while any of them can still sign in with it (src/server/startup.ts).
 */
export const demoUsers = [
  { email: "admin@stockroom.test", name: "Ada Admin", role: "ADMIN" },
  { email: "staff@stockroom.test", name: "Sam Staff", role: "STAFF" },
  { email: "customer@stockroom.test", name: "Chris Customer", role: "CUSTOMER" },
  { email: "customer2@stockroom.test", name: "Casey Customer", role: "CUSTOMER" },
] as const;

/** Every demo account's password. */
export const DEMO_PASSWORD = "stockroom-demo";
