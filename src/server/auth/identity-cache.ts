/**
 * Who a session or an API key stands for, kept in this process, so that a signed-in request costs no
 * database query and no network round trip when nothing changed (decision 013).
 *
 * Every change that can end or alter an identity (sign-out, password change, role change, deactivation,
 * name change, API key revoked) is announced once committed: evicted here at once and published on Redis
 * (`<prefix>identity`), where every instance listens. An instance that cannot hear the announcements
 * (its subscription is down) does not use what it holds, and forgets everything when it hears again.
 * Entries also expire after IDENTITY_CACHE_SECONDS, and never outlive the session or key.
 * Where announcements cannot be heard the cache is off and every request asks the database: on Upstash
 * (no subscriptions over REST), and on PostgreSQL without Redis (another process, such as the admin CLI or
 * a second instance, could change an identity unheard). With PGlite the server is the only process that
 * can open the database, so it hears every change.
 */
import IORedis from "ioredis";
import { LRUCache } from "lru-cache";
import { getServerConfig } from "../config";
import { onDatabaseClosed } from "../db";
import { onShutdown } from "../lifecycle";
import { processSingleton } from "../process-singleton";
import { getLogger } from "../logger";
import { getRedis } from "../redis";
import type { UnitOfWork } from "../db/unit-of-work";
import type { Actor } from "./permissions";

type UserActor = Extract<Actor, { type: "user" }>;

export interface IdentityChange {
  sessionId?: string;
  userId?: string;
  apiKeyId?: string;
}

export interface CachedApiKey {
  id: string;
  name: string;
  scopes: string[];
  expiresAt: Date | null;
  lastUsedAt: Date | null;
}

export interface IdentityCacheOptions {
  maxAgeMs: number;
  /** Whether announcements can be heard right now (a subscription is up, or there is only this process). */
  listening: () => boolean;
  maxEntries?: number;
  /** The clock expiry is measured on (ms since epoch); tests move their own. */
  now?: () => number;
}

export class IdentityCache {
  private readonly sessions: LRUCache<string, UserActor>;
  private readonly apiKeys: LRUCache<string, CachedApiKey>;
  /** Counts announcements heard; a load that overlapped one is not kept (it may have read the old row). */
  private generation = 0;
  private readonly now: () => number;

  constructor(private readonly options: IdentityCacheOptions) {
    this.now = options.now ?? (() => Date.now());
    // Expiry on our clock, checked on every read (ttlResolution 0), least recently used out first when full.
    const bounds = { max: options.maxEntries ?? 10_000, ttl: Math.max(options.maxAgeMs, 1), ttlResolution: 0, perf: { now: this.now } };
    this.sessions = new LRUCache(bounds);
    this.apiKeys = new LRUCache(bounds);
  }

  private usable(): boolean {
    return this.options.maxAgeMs > 0 && this.options.listening();
  }

  /** The session's user, from here when held and usable, else from `load` (kept when it may be). */
  async session(sessionId: string, load: () => Promise<{ actor: UserActor; expiresAt: Date } | null>): Promise<UserActor | null> {
    if (!this.usable()) return (await load())?.actor ?? null;
    const held = this.sessions.get(sessionId);
    if (held) return held;
    const generation = this.generation;
    const found = await load();
    if (found && generation === this.generation) this.keep(this.sessions, sessionId, found.actor, found.expiresAt);
    return found?.actor ?? null;
  }

  /** A valid API key by its secret's hash (refused keys are never held). */
  async apiKey(secretHash: string, load: () => Promise<CachedApiKey | null>): Promise<CachedApiKey | null> {
    if (!this.usable()) return load();
    const held = this.apiKeys.get(secretHash);
    if (held) return held;
    const generation = this.generation;
    const found = await load();
    if (found && generation === this.generation) this.keep(this.apiKeys, secretHash, found, found.expiresAt);
    return found;
  }

  /** Forgets what a change affects (and bumps the generation, so overlapping loads are not kept). */
  forget(change: IdentityChange): void {
    this.generation += 1;
    const sessions = [...this.sessions.entries()].filter(([id, actor]) => id === change.sessionId || actor.userId === change.userId);
    for (const [id] of sessions) this.sessions.delete(id);
    if (!change.apiKeyId) return;
    const keys = [...this.apiKeys.entries()].filter(([, key]) => key.id === change.apiKeyId);
    for (const [hash] of keys) this.apiKeys.delete(hash);
  }

  forgetAll(): void {
    this.generation += 1;
    this.sessions.clear();
    this.apiKeys.clear();
  }

  /** Held for IDENTITY_CACHE_SECONDS at most, and never past the session's or key's own expiry. */
  private keep<T extends object>(cache: LRUCache<string, T>, id: string, value: T, expiresAt: Date | null) {
    const now = this.now();
    const ttl = Math.min(this.options.maxAgeMs, (expiresAt?.getTime() ?? Number.POSITIVE_INFINITY) - now);
    // lru-cache still serves an entry whose age equals its ttl; at the expiry itself it must be gone. The
    // age counts from the instant the ttl was computed at, not from a later tick of the clock inside set().
    if (ttl > 1) cache.set(id, value, { ttl: ttl - 1, start: now });
  }
}

interface ProcessIdentity {
  cache: IdentityCache;
  close?: () => Promise<void>;
}

const processIdentity = processSingleton<ProcessIdentity>("identityCache");

/** The process's identity cache, listening on Redis when there is one. */
export function getIdentityCache(): IdentityCache {
  return processIdentity.get(() => {
    const config = getServerConfig();
    const maxAgeMs = config.identityCacheSeconds * 1_000;
    if (config.redis.kind === "none" && config.database.kind === "pglite") {
      // One process owns the database: every change is made here, so every announcement is heard.
      return { cache: new IdentityCache({ maxAgeMs, listening: () => true }) };
    }
    if (config.redis.kind !== "redis") return { cache: new IdentityCache({ maxAgeMs: 0, listening: () => false }) };
    const listening = listeningCache(config.redis.url, identityChannel(config.redisKeyPrefix), maxAgeMs);
    onShutdown("identity announcements", listening.close);
    return listening;
  }).cache;
}

export function identityChannel(prefix: string): string {
  return `${prefix}identity`;
}

/**
 * A cache that listens for announcements on a Redis channel through a connection of its own, and is usable
 * only while subscribed (announcements made while it was not are lost: it forgets everything when it is
 * subscribed again).
 */
export function listeningCache(redisUrl: string, channel: string, maxAgeMs: number): { cache: IdentityCache; close(): Promise<void> } {
  const subscriber = new IORedis(redisUrl, { maxRetriesPerRequest: null, retryStrategy: (n) => Math.min(n * 200, 2_000) });
  let ready = false;
  const cache = new IdentityCache({ maxAgeMs, listening: () => ready });
  subscriber.on("error", () => {});
  subscriber.on("close", () => {
    ready = false;
  });
  subscriber.on("ready", () => {
    cache.forgetAll();
    subscriber.subscribe(channel).then(
      () => {
        cache.forgetAll();
        ready = true;
      },
      (error: unknown) => getLogger().error("identity announcements: cannot subscribe", { error }),
    );
  });
  subscriber.on("message", (_channel: string, message: string) => {
    try {
      cache.forget(JSON.parse(message) as IdentityChange);
    } catch {
      cache.forgetAll();
    }
  });
  return {
    cache,
    close: async () => {
      ready = false;
      await subscriber.quit().catch(() => subscriber.disconnect());
    },
  };
}

/**
 * Announces a change to identities once `unit` commits (at once for an immediate unit: scripts such as the
 * admin CLI): forgotten here and, through Redis, on every other instance.
 */
export function announceIdentityChange(unit: Pick<UnitOfWork, "afterCommit">, change: IdentityChange): void {
  unit.afterCommit(() => {
    processIdentity.peek()?.cache.forget(change);
    const config = getServerConfig();
    const redis = getRedis();
    if (config.redis.kind !== "redis" || !redis) return;
    redis.client.publish(identityChannel(config.redisKeyPrefix), JSON.stringify(change)).catch((error: unknown) => {
      // Instances that did not hear it stop trusting what they hold when their subscription drops;
      // otherwise IDENTITY_CACHE_SECONDS bounds how long they may.
      getLogger().error("identity announcement not published", { change, error });
    });
  });
}

/** Forgets everything this process holds (the database it came from was closed, e.g. in tests). */
export function forgetAllIdentities(): void {
  processIdentity.peek()?.cache.forgetAll();
}
// Identities held in memory came from the process's database; when it closes, another may be opened next.
onDatabaseClosed(forgetAllIdentities);

/** Drops the process's cache and its subscription; the next use reads the settings again (tests). */
export async function resetIdentityCache(): Promise<void> {
  const current = processIdentity.peek();
  processIdentity.set(undefined);
  await current?.close?.();
}
