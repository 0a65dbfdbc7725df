import { Catalog } from "@/components/Catalog";

export default async function CatalogPage({ searchParams }: { searchParams: Promise<{ q?: string; inStock?: string }> }) {
  const { q, inStock } = await searchParams;
  return <Catalog initialSearch={typeof q === "string" ? q.slice(0, 100) : ""} initialInStock={inStock === "1"} />;
}
