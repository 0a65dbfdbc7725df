import type { Metadata } from "next";
import { AccessDenied } from "@/components/AccessDenied";
import { OrdersTable } from "@/components/backoffice/OrdersTable";
import { pageAccess } from "@/server/auth/viewer";

export const metadata: Metadata = { title: "Orders" };

export default async function AdminOrdersPage() {
  const access = await pageAccess("order:read:any");
  if (access !== "allowed") return <AccessDenied reason={access} from="/admin/orders" />;
  return <OrdersTable />;
}
