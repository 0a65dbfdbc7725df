import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { CartView } from "@/components/shop/CartView";
import { getViewer } from "@/server/auth/viewer";

export const metadata: Metadata = { title: "Your cart" };

export default async function CartPage() {
  if (!(await getViewer())) redirect("/sign-in?callbackUrl=%2Fcart");
  return <CartView />;
}
