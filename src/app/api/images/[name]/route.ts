import { serveImage } from "@/server/images/serve";
import { observed } from "@/server/observability/http";

export const dynamic = "force-dynamic";

/** Product pictures' resized variants, by content (src/server/images). */
export const GET = observed("/api/images/[name]", async (req, record) => {
  // Not decoded: a valid name is plain ASCII, anything percent-encoded is simply not one (404).
  const name = new URL(req.url).pathname.split("/").pop() ?? "";
  return serveImage(req, name, record.requestId);
});
