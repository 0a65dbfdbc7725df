import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { OrderDetails } from "@/components/shop/OrderDetails";
import { getViewer } from "@/server/auth/viewer";

export const metadata: Metadata = { title: "Order" };

export default async function OrderPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ placed?: string }>;
}) {
  const { id } = await params;
  if (!(await getViewer())) redirect(`/sign-in?callbackUrl=${encodeURIComponent(`/orders/${id}`)}`);
  return <OrderDetails id={id} justPlaced={(await searchParams).placed === "1"} />;
}
