/**
 * What a procedure declares about itself (the vocabulary shared by the tRPC core, which reads `access`,
 * `audit` and `rateLimit`, and the REST adapter, which reads `openapi` and `rest`), in a module of its own so
 * that neither layer imports the other for it.
 */
import type { OpenApiMeta } from "trpc-to-openapi";
import type { Access } from "./auth/permissions";
import type { RateLimitPolicyName } from "./rate-limit/policies";

/** What a procedure declares about itself. `access` is set by the procedure builders in trpc.ts. */
export type ProcedureMeta = {
  access?: Access;
  /** Record every call in the audit trail, whoever makes it (security-relevant changes such as a password). */
  audit?: "always";
  description?: string;
  /** Exposes the procedure on REST under /api/v1 (method, path, summary, tags); see src/server/rest. */
  openapi?: OpenApiMeta["openapi"];
  /** REST details the OpenAPI metadata has no word for. */
  rest?: RestMeta;
  /**
   * The input arrives as multipart/form-data with files (uploadProcedure): both transports read it up to the
   * upload limit (IMAGE_MAX_BYTES and room for the form) instead of the JSON limit.
   */
  upload?: true;
  /** A rate limit on top of the caller's general one (src/server/rate-limit/policies.ts). */
  rateLimit?: RateLimitPolicyName;
};

/**
 * REST details a procedure may declare next to its `openapi` metadata. Everything else (status codes for
 * errors, the envelope, security, pagination meta) follows from the procedure itself.
 */
export interface RestMeta {
  /**
   * 201: the call creates a resource; `location` is its path under /api/v1 with `{field}` taken from the
   * output (`/orders/{id}`). 204: the call answers with no body.
   */
  successStatus?: 201 | 204;
  location?: `/${string}`;
  /** When the output says so, a create answered from an earlier request (an idempotent replay) is 200. */
  replayedField?: string;
  /**
   * The output is a file streamed as it is produced (an async iterable of text chunks), not a JSON envelope:
   * its media type and the name a download gets.
   */
  file?: { mediaType: "text/csv"; name: string };
}
