import type { Metadata } from "next";
import { AccessDenied } from "@/components/AccessDenied";
import { ProductImport } from "@/components/backoffice/ProductImport";
import { pageAccess } from "@/server/auth/viewer";

export const metadata: Metadata = { title: "Import products" };

export default async function ImportProductsPage() {
  const access = await pageAccess("product:write");
  if (access !== "allowed") return <AccessDenied reason={access} from="/admin/products/import" />;
  return <ProductImport />;
}
