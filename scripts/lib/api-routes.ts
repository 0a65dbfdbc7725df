/**
 * The API's route table, derived from the app directory as Next.js derives it: every `route.ts` under
 * src/app/api is a route, its folders are the path (`[x]` one segment, `[...x]` one or more, `[[...x]]`
 * zero or more, `(group)` left out of the path, `_private` not routed). There is no list to keep in step
 * with src/app/api: a new route handler file is served by the fast path as soon as it exists.
 *
 * Matching follows Next.js's precedence: static segments before dynamic ones, dynamic before catch-all,
 * catch-all before optional catch-all. Methods follow Next.js's route modules too: HEAD runs GET when not
 * exported, OPTIONS answers 204 with `Allow` when not exported, an unexported method answers 405.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

/** What Next.js's route modules accept (next/dist/server/web/http). */
export const HTTP_METHODS = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "DELETE", "PATCH"] as const;

export type RouteHandler = (req: Request, context: { params: Promise<Record<string, string | string[]>> }) => Response | Promise<Response>;

type Segment = { kind: "static"; value: string } | { kind: "dynamic" | "catchAll" | "optionalCatchAll"; name: string };

export interface ApiRoute {
  /** The route as Next.js names it, e.g. `/api/v1/[...path]`. */
  pattern: string;
  /** The module's file, relative to the app directory. */
  file: string;
  segments: Segment[];
}

export interface MatchedRoute {
  route: ApiRoute;
  params: Record<string, string | string[]>;
}

/** Route files (route.ts/.js/.tsx/.jsx) under `<appDir>/api`, sorted by Next.js's precedence. */
export function findApiRoutes(appDir: string): ApiRoute[] {
  const routes: ApiRoute[] = [];
  const visit = (dir: string, segments: Segment[]) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (entry.name.startsWith("_") || entry.name.startsWith("@")) continue;
        const segment = parseSegment(entry.name);
        visit(path.join(dir, entry.name), segment ? [...segments, segment] : segments);
      } else if (/^route\.(ts|tsx|js|jsx)$/.test(entry.name)) {
        const file = path.relative(appDir, path.join(dir, entry.name));
        routes.push({ pattern: `/${path.dirname(file).split(path.sep).join("/")}`, file, segments });
      }
    }
  };
  visit(path.join(appDir, "api"), [{ kind: "static", value: "api" }]);
  return routes.sort(byPrecedence);
}

function parseSegment(name: string): Segment | null {
  if (/^\(.*\)$/.test(name)) return null;
  let m: RegExpExecArray | null;
  if ((m = /^\[\[\.\.\.(\w+)\]\]$/.exec(name))) return { kind: "optionalCatchAll", name: m[1]! };
  if ((m = /^\[\.\.\.(\w+)\]$/.exec(name))) return { kind: "catchAll", name: m[1]! };
  if ((m = /^\[(\w+)\]$/.exec(name))) return { kind: "dynamic", name: m[1]! };
  return { kind: "static", value: name };
}

const rank = { static: 0, dynamic: 1, catchAll: 2, optionalCatchAll: 3 } as const;

function byPrecedence(a: ApiRoute, b: ApiRoute): number {
  for (let i = 0; i < Math.max(a.segments.length, b.segments.length); i++) {
    const x = a.segments[i];
    const y = b.segments[i];
    if (!x || !y) return x ? -1 : 1;
    if (rank[x.kind] !== rank[y.kind]) return rank[x.kind] - rank[y.kind];
  }
  return a.pattern.localeCompare(b.pattern);
}

/** The first route (in precedence order) that the decoded path's segments match, with its params. */
export function matchApiRoute(routes: readonly ApiRoute[], pathname: string): MatchedRoute | null {
  const parts = pathname.split("/").slice(1);
  if (parts.at(-1) === "") parts.pop();
  let decoded: string[];
  try {
    decoded = parts.map((p) => decodeURIComponent(p));
  } catch {
    return null;
  }
  for (const route of routes) {
    const params = matchSegments(route.segments, decoded);
    if (params) return { route, params };
  }
  return null;
}

function matchSegments(segments: Segment[], parts: string[]): Record<string, string | string[]> | null {
  const params: Record<string, string | string[]> = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    if (segment.kind === "catchAll" || segment.kind === "optionalCatchAll") {
      const rest = parts.slice(i);
      if (rest.length === 0 && segment.kind === "catchAll") return null;
      if (rest.length) params[segment.name] = rest;
      return params;
    }
    const part = parts[i];
    if (part === undefined || part === "") return null;
    if (segment.kind === "static" && segment.value !== part) return null;
    if (segment.kind === "dynamic") params[segment.name] = part;
  }
  return parts.length === segments.length ? params : null;
}

/** A route module's handler for a method, completed as Next.js completes it. */
export function methodHandler(module: Partial<Record<string, unknown>>, method: string): RouteHandler {
  const own = (m: string) => (typeof module[m] === "function" ? (module[m] as RouteHandler) : undefined);
  const handler = own(method);
  if (handler) return handler;
  if (method === "HEAD" && own("GET")) return own("GET")!;
  if (method === "OPTIONS") {
    const implemented = HTTP_METHODS.filter((m) => own(m));
    const allow: string[] = ["OPTIONS", ...implemented];
    if (!implemented.includes("HEAD") && implemented.includes("GET")) allow.push("HEAD");
    return () => new Response(null, { status: 204, headers: { Allow: allow.sort().join(", ") } });
  }
  return () => new Response(null, { status: 405 });
}

/** Imports every route's module once, at start-up (a route that fails to load stops the server). */
export async function loadApiRoutes(
  appDir: string,
): Promise<{ routes: ApiRoute[]; modules: Map<ApiRoute, Partial<Record<string, unknown>>> }> {
  const routes = findApiRoutes(appDir);
  const modules = new Map<ApiRoute, Partial<Record<string, unknown>>>();
  for (const route of routes)
    modules.set(route, (await import(pathToFileURL(path.join(appDir, route.file)).href)) as Partial<Record<string, unknown>>);
  return { routes, modules };
}
