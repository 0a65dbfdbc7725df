import type { Metadata } from "next";
import { ProductDetails } from "@/components/ProductDetails";
import { getViewer } from "@/server/auth/viewer";

export const metadata: Metadata = { title: "Product" };

export default async function ProductPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ProductDetails id={id} signedIn={(await getViewer()) !== null} />;
}
