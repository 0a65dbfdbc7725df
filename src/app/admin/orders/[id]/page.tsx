import type { Metadata } from "next";
import { AccessDenied } from "@/components/AccessDenied";
import { OrderAdmin } from "@/components/backoffice/OrderAdmin";
import { pageAccess } from "@/server/auth/viewer";

export const metadata: Metadata = { title: "Order" };

export default async function AdminOrderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const access = await pageAccess("order:read:any");
  if (access !== "allowed") return <AccessDenied reason={access} from={`/admin/orders/${id}`} />;
  return <OrderAdmin id={id} />;
}
