import type { Metadata } from "next";
import { AccessDenied } from "@/components/AccessDenied";
import { ProductAdmin } from "@/components/backoffice/ProductAdmin";
import { pageAccess } from "@/server/auth/viewer";

export const metadata: Metadata = { title: "Product" };

export default async function ProductAdminPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ saved?: string }>;
}) {
  const { id } = await params;
  const access = await pageAccess("product:read:any");
  if (access !== "allowed") return <AccessDenied reason={access} from={`/admin/products/${id}`} />;
  return <ProductAdmin id={id} justSaved={(await searchParams).saved === "1"} />;
}
