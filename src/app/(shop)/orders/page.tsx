import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { OrderList } from "@/components/shop/OrderList";
import { getViewer } from "@/server/auth/viewer";

export const metadata: Metadata = { title: "Your orders" };

export default async function OrdersPage() {
  if (!(await getViewer())) redirect("/sign-in?callbackUrl=%2Forders");
  return <OrderList />;
}
