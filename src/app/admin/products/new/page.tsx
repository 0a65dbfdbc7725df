import type { Metadata } from "next";
import { AccessDenied } from "@/components/AccessDenied";
import { ProductForm } from "@/components/backoffice/ProductForm";
import { pageAccess } from "@/server/auth/viewer";

export const metadata: Metadata = { title: "New product" };

export default async function NewProductPage() {
  const access = await pageAccess("product:write");
  if (access !== "allowed") return <AccessDenied reason={access} from="/admin/products/new" />;
  return (
    <section>
      <h1>New product</h1>
      <ProductForm />
    </section>
  );
}
