import type { Metadata } from "next";
import { AccessDenied } from "@/components/AccessDenied";
import { ProductsTable } from "@/components/backoffice/ProductsTable";
import { pageAccess } from "@/server/auth/viewer";

export const metadata: Metadata = { title: "Products" };

export default async function ProductsPage() {
  const access = await pageAccess("product:read:any");
  if (access !== "allowed") return <AccessDenied reason={access} from="/admin/products" />;
  return <ProductsTable />;
}
