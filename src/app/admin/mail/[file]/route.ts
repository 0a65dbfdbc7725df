import { readFile } from "node:fs/promises";
import path from "node:path";
import { getViewer } from "@/server/auth/viewer";
import { hasPermission } from "@/server/auth/permissions";
import { getServerConfig } from "@/server/config";
import { isMailFileName } from "@/server/mail/mail-files";

export const dynamic = "force-dynamic";

/** One development email as its .eml file, for staff; 404 in production or for any name the mailer did not write. */
export async function GET(_request: Request, { params }: { params: Promise<{ file: string }> }) {
  const viewer = await getViewer();
  if (!viewer || !hasPermission(viewer, "order:read:any")) return new Response("Not found", { status: 404 });
  const config = getServerConfig();
  const { file } = await params;
  if (config.production || !isMailFileName(file)) return new Response("Not found", { status: 404 });
  const content = await readFile(path.join(path.resolve(config.mail.dir), file)).catch(() => null);
  if (!content) return new Response("Not found", { status: 404 });
  return new Response(content, {
    headers: { "content-type": "message/rfc822", "content-disposition": `attachment; filename="${file}"`, "cache-control": "no-store" },
  });
}
