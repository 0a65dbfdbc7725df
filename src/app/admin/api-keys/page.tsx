import type { Metadata } from "next";
import { AccessDenied } from "@/components/AccessDenied";
import { ApiKeysPanel } from "@/components/backoffice/ApiKeysPanel";
import { pageAccess } from "@/server/auth/viewer";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  const access = await pageAccess("apikey:manage");
  if (access !== "allowed") return <AccessDenied reason={access} from="/admin/api-keys" />;
  return <ApiKeysPanel />;
}
