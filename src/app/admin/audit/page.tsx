import type { Metadata } from "next";
import { AccessDenied } from "@/components/AccessDenied";
import { AuditLog } from "@/components/backoffice/AuditLog";
import { pageAccess } from "@/server/auth/viewer";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage() {
  const access = await pageAccess("audit:read");
  if (access !== "allowed") return <AccessDenied reason={access} from="/admin/audit" />;
  return <AuditLog />;
}
