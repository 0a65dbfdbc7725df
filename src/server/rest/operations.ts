/**
 * The REST operations: every procedure whose metadata has `openapi`, found by walking the router (a new
 * procedure with that line appears on REST and in the document without edits here).
 */
import { z } from "zod";
import type { Access } from "../auth/permissions";
import { appRouter } from "../routers/_app";
import type { RateLimitPolicyName } from "../rate-limit/policies";
import type { ProcedureMeta } from "../procedure-meta";
import type { RestMeta } from "../procedure-meta";

export type RestMethod = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

export interface RestOperation {
  /** The procedure's path in the router, e.g. "order.create". */
  procedure: string;
  type: "query" | "mutation";
  method: RestMethod;
  /** Under /api/v1, with `{param}` segments. */
  path: string;
  pathParams: string[];
  pattern: RegExp;
  access: Access;
  rest: RestMeta;
  /** The procedure's own rate limit, on top of the caller's general one. */
  rateLimit: RateLimitPolicyName | null;
  input: z.ZodType | null;
  output: z.ZodType | null;
  /** The input is multipart/form-data with files (meta `upload`), read up to the upload limit. */
  upload: boolean;
  /** The output is a page (`{ items, nextCursor }`): REST sends `items` as `data` and the cursor in `meta`. */
  paginated: boolean;
}

interface ProcedureDef {
  type: "query" | "mutation" | "subscription";
  meta?: ProcedureMeta;
  inputs: z.ZodType[];
  output?: z.ZodType;
}

/** Unwraps `.default()`, `.optional()` and the like down to the schema that describes the value. */
export function innerSchema(schema: z.ZodType): z.ZodType {
  let current = schema as z.ZodType & { _zod: { def: { type: string; innerType?: z.ZodType } } };
  while (
    ["default", "optional", "nullable", "prefault", "readonly", "catch", "nonoptional"].includes(current._zod.def.type) &&
    current._zod.def.innerType
  ) {
    current = current._zod.def.innerType;
  }
  return current;
}

function isPage(output: z.ZodType | undefined): boolean {
  if (!output) return false;
  const inner = innerSchema(output);
  return inner instanceof z.ZodObject && Object.keys(inner.shape).sort().join(",") === "items,nextCursor";
}

function toPattern(path: string): RegExp {
  const source = path
    .split("/")
    .map((segment) => (/^\{\w+\}$/.test(segment) ? "([^/]+)" : segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("/");
  return new RegExp(`^${source}$`);
}

function collect(): RestOperation[] {
  const operations: RestOperation[] = [];
  for (const [procedure, value] of Object.entries(appRouter._def.procedures)) {
    const def = (value as unknown as { _def: ProcedureDef })._def;
    const openapi = def.meta?.openapi;
    if (!openapi || openapi.enabled === false || def.type === "subscription" || !def.meta?.access) continue;
    operations.push({
      procedure,
      type: def.type,
      method: openapi.method,
      path: openapi.path,
      pathParams: [...openapi.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!),
      pattern: toPattern(openapi.path),
      access: def.meta.access,
      rest: def.meta.rest ?? {},
      rateLimit: def.meta.rateLimit ?? null,
      input: def.inputs[0] ?? null,
      output: def.output ?? null,
      paginated: isPage(def.output),
      upload: def.meta.upload === true,
    });
  }
  // Literal segments before parameters: /products/low-stock must not be taken for /products/{id}.
  return operations.sort((a, b) => a.pathParams.length - b.pathParams.length);
}

export const restOperations: readonly RestOperation[] = collect();

/** The operation for a method and path, or which methods the path has (for 405), or nothing (404). */
export function matchOperation(
  method: string,
  path: string,
): { operation: RestOperation; params: Record<string, string> } | { allowed: string[] } | null {
  const allowed: string[] = [];
  let template: string | null = null;
  for (const operation of restOperations) {
    const match = operation.pattern.exec(path);
    if (!match || (template !== null && operation.path !== template)) continue;
    template = operation.path;
    if (operation.method !== method) {
      allowed.push(operation.method);
      continue;
    }
    const params = Object.fromEntries(operation.pathParams.map((name, i) => [name, decodeURIComponent(match[i + 1]!)]));
    return { operation, params };
  }
  return allowed.length ? { allowed: [...new Set(allowed)] } : null;
}
