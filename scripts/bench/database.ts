/**
 * The benchmark's database: made at scale, the fixtures the scenarios draw from, the check that the
 * references send the app's SQL, and the oversell check after the write scenarios.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { encode } from "next-auth/jwt";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { prng } from "../../prisma/seed";
import { PrismaClient } from "../../src/generated/prisma/client";
import { createApiKey } from "../../src/server/auth/api-keys";
import { createSession } from "../../src/server/auth/sessions";
import { CatalogCache } from "../../src/server/cache/catalog-cache";
import { createInnerContext } from "../../src/server/context";
import { standaloneWork } from "../../src/server/db/unit-of-work";
import { moveStock } from "../../src/server/inventory/ledger";
import { createCaller } from "../../src/server/routers/_app";
import { databaseUrl as testDatabaseUrl, withAdmin } from "../../tests/setup/databases";
import { adminUrl, authSecret, root, sessionCookieName, type Scale } from "./options";
import { referenceSql } from "./reference/reference";
import type { Fixtures } from "./scenarios";

export const admin = <T>(work: (client: pg.Client) => Promise<T>) => withAdmin(work, adminUrl);
const databaseUrl = (name: string) => testDatabaseUrl(name, adminUrl);

function dbScript(command: string[], url: string) {
  execFileSync(path.join(root, "node_modules/.bin/tsx"), ["scripts/db.ts", ...command], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, DATABASE_URL: url },
  });
}

export async function createDatabase(name: string, s: Scale): Promise<string> {
  await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).then(() => c.query(`CREATE DATABASE "${name}"`)));
  const url = databaseUrl(name);
  dbScript(["prepare"], url);
  dbScript(["seed:scale", "--products", String(s.products), "--orders", String(s.orders), "--customers", String(s.customers)], url);
  // Fresh statistics, as a production database would have.
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query("VACUUM ANALYZE");
  await client.end();
  return url;
}

export async function fixtures(url: string): Promise<Fixtures> {
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
  try {
    const all = await db.product.findMany({
      where: { active: true },
      select: { id: true, name: true },
      orderBy: [{ name: "asc" }, { id: "asc" }],
    });
    const shuffled = shuffle(all, 42);
    const productCursors = shuffled.map((p) => Buffer.from(JSON.stringify([p.name, p.id]), "utf8").toString("base64url"));
    const customers = await db.user.findMany({
      where: { role: "CUSTOMER", id: { startsWith: "scale-" } },
      select: { id: true },
      take: 50,
      orderBy: { id: "asc" },
    });
    const withCookies = await Promise.all(
      customers.map(async (c) => {
        const session = await createSession(db, c.id);
        const cookie = await encode({ token: { sid: session.id, sub: c.id }, secret: authSecret, salt: sessionCookieName, maxAge: 3600 });
        return { id: c.id, cookie };
      }),
    );
    const { key, secret } = await createApiKey(db, { name: "bench", scopes: ["products:read", "orders:read", "orders:write"] }, "live");
    // Products for checkouts, with stock no run can exhaust (received through the ledger like any stock).
    const checkoutProducts = shuffled.slice(0, 200).map((p) => p.id);
    await db.$transaction(
      async (tx) => {
        for (const productId of checkoutProducts)
          await moveStock(standaloneWork(tx), null, { productId, delta: 10_000_000, reason: "RECEIVED", note: "benchmark" });
      },
      { timeout: 120_000 },
    );
    return {
      productCursors,
      productIds: shuffled.map((p) => p.id),
      searchTerms: [
        "linen",
        "mug",
        "cedar candle",
        "brass",
        "tote",
        "ceramic bowl",
        "kraft",
        "stoneware",
        "blanket",
        "tray",
        "pen",
        "bamboo",
        "enamel mug",
        "waxed tote",
        "notebook",
      ],
      customers: withCookies,
      apiKey: { id: key.id, secret },
      checkoutProducts,
      sessionCookieName,
    };
  } finally {
    await db.$disconnect();
  }
}

/** The same order on every run (the seed's deterministic generator). */
function shuffle<T>(list: T[], seed: number): T[] {
  const random = prng(seed);
  const copy = [...list];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/** The references must run the app's SQL: capture what Prisma sends for each procedure and compare. */
export async function checkReferenceSql(url: string, f: Fixtures): Promise<string[]> {
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }), log: [{ emit: "event", level: "query" }] });
  const seen = new Set<string>();
  db.$on("query", (e) => seen.add(e.query.replace(/\s+/g, " ").trim()));
  try {
    const cache = new CatalogCache({ store: null, ttlSeconds: 0 });
    const guest = createCaller(createInnerContext({ db, cache }));
    await guest.storefront.list({ limit: 20 });
    await guest.storefront.list({ limit: 20, cursor: f.productCursors[0] });
    await guest.storefront.list({ limit: 20, search: "linen" });
    await guest.storefront.list({ limit: 20, search: "linen", cursor: f.productCursors[0] });
    await guest.storefront.byId({ id: f.productIds[0]! }).catch(() => null);
    const customer = createCaller(
      createInnerContext({
        db,
        cache,
        actor: { type: "user", userId: f.customers[0]!.id, email: "", name: "", role: "CUSTOMER", sessionId: "bench" },
      }),
    );
    await customer.order.list({ limit: 20 });
    const key = createCaller(
      createInnerContext({
        db,
        cache,
        actor: { type: "apiKey", apiKeyId: f.apiKey.id, name: "bench", scopes: ["orders:read", "orders:write"] },
      }),
    );
    await key.order.list({ limit: 20, status: "PAID" });
    await key.order.create({
      customerId: f.customers[0]!.id,
      idempotencyKey: `sql-check-${Date.now()}`,
      lines: [{ productId: f.checkoutProducts[0]!, quantity: 1 }],
    });
  } finally {
    await db.$disconnect();
  }
  const normalise = (sql: string) => sql.replace(/\s+/g, " ").replace(/\$\d+/g, "$?").trim();
  const appSql = new Set([...seen].map(normalise));
  const missing: string[] = [];
  for (const [name, sql] of Object.entries(referenceSql)) {
    if (sql.includes("%")) {
      // Templates (IN lists, multi-row VALUES): compare the part before the placeholder.
      const head = normalise(sql.slice(0, sql.indexOf("%")));
      if (![...appSql].some((s) => s.startsWith(head))) missing.push(name);
    } else if (!appSql.has(normalise(sql))) missing.push(name);
  }
  return missing;
}

/** Products' stock must equal their ledger, and no stock below zero: nothing was oversold. */
export async function oversellCheck(url: string, products: string[]): Promise<{ negative: number; ledgerMismatches: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ negative: number; mismatches: number }>(
      `SELECT count(*) FILTER (WHERE p.stock < 0)::int AS negative,
              count(*) FILTER (WHERE p.stock <> COALESCE((SELECT sum(m.delta) FROM "StockMovement" m WHERE m."productId" = p.id), 0))::int AS mismatches
       FROM "Product" p WHERE p.id = ANY($1)`,
      [products],
    );
    return { negative: rows[0]!.negative, ledgerMismatches: rows[0]!.mismatches };
  } finally {
    await client.end();
  }
}
