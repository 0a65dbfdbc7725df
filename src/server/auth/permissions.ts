/**
 * What each kind of caller may do. A procedure declares one `Access`; `isAllowed` is the only place that
 * decides. Roles grant permissions; API keys grant only what their scopes map to (no role inheritance).
 */
import type { Role } from "@/generated/prisma/enums";

export const permissions = [
  /** See archived products and staff-only product fields. */
  "product:read:any",
  /** Create, update, archive products. */
  "product:write",
  /** Adjust stock (received, correction, damaged, returned). */
  "stock:write",
  /** A customer's own cart, checkout and orders. */
  "order:read:own",
  "order:write:own",
  /** Every order; moving orders through their lifecycle. */
  "order:read:any",
  "order:write:any",
  /** Users: list, change roles, deactivate. */
  "user:read:any",
  "user:manage",
  /** API keys: list, create, revoke. */
  "apikey:manage",
  /** The audit trail. */
  "audit:read",
  /** Webhook endpoints: register, change, rotate secrets, read and retry deliveries. */
  "webhook:manage",
  /** The dashboard's figures: sales, orders by status, best sellers, inventory. */
  "report:read",
] as const;
export type Permission = (typeof permissions)[number];

export const rolePermissions: Record<Role, readonly Permission[]> = {
  CUSTOMER: ["order:read:own", "order:write:own"],
  STAFF: [
    "order:read:own",
    "order:write:own",
    "product:read:any",
    "product:write",
    "stock:write",
    "order:read:any",
    "order:write:any",
    "report:read",
  ],
  ADMIN: permissions,
};

/** The scopes an admin can give an API key, and the permissions each grants. */
export const apiKeyScopes = {
  "products:read": ["product:read:any"],
  "products:write": ["product:read:any", "product:write"],
  "stock:write": ["stock:write"],
  "orders:read": ["order:read:any"],
  "orders:write": ["order:read:any", "order:write:any"],
  "audit:read": ["audit:read"],
  "webhooks:write": ["webhook:manage"],
  "reports:read": ["report:read"],
} as const satisfies Record<string, readonly Permission[]>;
export type ApiKeyScope = keyof typeof apiKeyScopes;
export const apiKeyScopeNames = Object.keys(apiKeyScopes) as ApiKeyScope[];

export function isApiKeyScope(value: string): value is ApiKeyScope {
  return Object.hasOwn(apiKeyScopes, value);
}

/**
 * What a procedure requires. `public`: anyone; `authenticated`: any identity (a signed-in person or an API
 * key); `signedIn`: a person with a browser session (profile, password); `permission`: an identity holding it.
 */
export type Access =
  | { kind: "public" }
  | { kind: "authenticated" }
  | { kind: "signedIn" }
  | { kind: "permission"; permission: Permission }
  /** Any one of these (a procedure serving several kinds of data, each checked again by its handler). */
  | { kind: "anyPermission"; permissions: readonly Permission[] };

/** Who is calling: a person signed in through the web app, or an integrator's API key. */
export type Actor =
  | { type: "user"; userId: string; email: string; name: string; role: Role; sessionId: string }
  | { type: "apiKey"; apiKeyId: string; name: string; scopes: ApiKeyScope[] };

export function permissionsOf(actor: Actor): ReadonlySet<Permission> {
  if (actor.type === "user") return new Set(rolePermissions[actor.role]);
  return new Set(actor.scopes.flatMap((scope) => apiKeyScopes[scope] ?? []));
}

/** `x:any` includes `x:own`. */
export function hasPermission(actor: Actor, permission: Permission): boolean {
  const held = permissionsOf(actor);
  if (held.has(permission)) return true;
  return permission.endsWith(":own") && held.has(permission.replace(/:own$/, ":any") as Permission);
}

export type AccessDecision = "allow" | "unauthenticated" | "forbidden";

/** The one decision: may this caller (null = guest) use a procedure declaring `access`? */
export function decideAccess(access: Access, actor: Actor | null): AccessDecision {
  if (access.kind === "public") return "allow";
  if (!actor) return "unauthenticated";
  switch (access.kind) {
    case "authenticated":
      return "allow";
    case "signedIn":
      return actor.type === "user" ? "allow" : "forbidden";
    case "permission":
      return hasPermission(actor, access.permission) ? "allow" : "forbidden";
    case "anyPermission":
      return access.permissions.some((permission) => hasPermission(actor, permission)) ? "allow" : "forbidden";
  }
}

/** Whether the caller may see every owner's rows (`x:any`), or only their own. */
export function seesAll(actor: Actor, resource: "order" | "product"): boolean {
  return permissionsOf(actor).has(`${resource}:read:any` as Permission);
}

/** The id used to attribute work to the caller (audit trail, logs). */
export function actorId(actor: Actor): string {
  return actor.type === "user" ? actor.userId : actor.apiKeyId;
}

/** How a row records who made it (audit trail, order history, stock ledger); no actor is the system. */
export function actorRef(actor: Actor | null): { actorType: "USER" | "API_KEY" | "SYSTEM"; actorId: string | null } {
  if (!actor) return { actorType: "SYSTEM", actorId: null };
  return { actorType: actor.type === "user" ? "USER" : "API_KEY", actorId: actorId(actor) };
}
