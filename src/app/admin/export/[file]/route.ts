import { TRPCError } from "@trpc/server";
import { getLogger } from "@/server/logger";
import { fileHeaders, textStream } from "@/server/http/stream";
import { observed } from "@/server/observability/http";
import { createContext } from "@/server/request-context";
import { errorResponse, restErrorOf } from "@/server/rest/envelope";
import { procedureCaller, queryInput } from "@/server/rest/handler";
import { restOperations } from "@/server/rest/operations";

export const dynamic = "force-dynamic";

/**
 * The back office's downloads (`/admin/export/products.csv?status=active`): the same procedures as REST's
 * `GET /api/v1/{products,orders}/export.csv`, called as the signed-in person (their session cookie), with the
 * query string read as REST reads it. A GET that only reads, so no cross-site check is needed.
 */
const downloads = Object.fromEntries(restOperations.filter((op) => op.rest.file).map((op) => [op.rest.file!.name, op] as const));

export const GET = observed("/admin/export/[file]", async (req, record) => {
  const name = decodeURIComponent(new URL(req.url).pathname.split("/").at(-1) ?? "");
  const operation = Object.hasOwn(downloads, name) ? downloads[name]! : null;
  if (!operation) return errorResponse(404, [{ code: "ROUTE_NOT_FOUND", message: "No such download" }], record.requestId);
  record.procedure = operation.procedure;
  const ctx = await createContext({ req }, record.requestId);
  const call = procedureCaller(operation, ctx);
  try {
    const chunks = (await call(queryInput(operation, new URL(req.url)))) as AsyncIterable<string>;
    const body = textStream(chunks, (error) =>
      getLogger().error("download failed after its headers", { requestId: record.requestId, error }),
    );
    return new Response(body, {
      headers: { ...fileHeaders(operation.rest.file!), "cache-control": "private, no-store", "x-request-id": record.requestId },
    });
  } catch (error) {
    const { status, errors } = restErrorOf(
      error instanceof TRPCError ? error : new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: error }),
    );
    return errorResponse(status, errors, record.requestId);
  }
});
