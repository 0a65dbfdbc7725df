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
}
