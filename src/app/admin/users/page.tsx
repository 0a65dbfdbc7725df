import type { Metadata } from "next";
import { AccessDenied } from "@/components/AccessDenied";
import { UsersTable } from "@/components/admin/UsersTable";
import { pageAccess } from "@/server/auth/viewer";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const access = await pageAccess("user:read:any");
  if (access !== "allowed") return <AccessDenied reason={access} from="/admin/users" />;
  return <UsersTable />;
}
