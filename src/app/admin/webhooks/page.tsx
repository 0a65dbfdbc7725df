import type { Metadata } from "next";
import { AccessDenied } from "@/components/AccessDenied";
import { WebhooksPanel } from "@/components/backoffice/WebhooksPanel";
import { pageAccess } from "@/server/auth/viewer";
import { eventTypes } from "@/server/events/catalog";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  const access = await pageAccess("webhook:manage");
  if (access !== "allowed") return <AccessDenied reason={access} from="/admin/webhooks" />;
  // The declared types, from the server: the client bundle need not carry the event catalog's schemas.
  return <WebhooksPanel eventTypes={[...eventTypes]} />;
}
