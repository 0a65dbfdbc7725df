import { Catalog } from "@/components/Catalog";
import { catalogListInput, searchFromUrl } from "@/components/catalog-query";
import { getQueryClient, HydrateClient, trpc } from "@/trpc/server";

/**
 * The storefront: the first page of the catalog (search and filter from the URL) is fetched here and sent in
 * the HTML, so a crawler, a link preview or a slow phone sees the products; the browser takes the same query
 * over and pages, searches and filters from there.
 */
export default async function CatalogPage({ searchParams }: { searchParams: Promise<{ q?: string; inStock?: string }> }) {
  const { q, inStock } = await searchParams;
  const search = searchFromUrl(q);
  const onlyInStock = inStock === "1";
  await getQueryClient().prefetchInfiniteQuery(
    trpc.storefront.list.infiniteQueryOptions(catalogListInput(search, onlyInStock), { getNextPageParam: (page) => page.nextCursor }),
  );
  return (
    <HydrateClient>
      <Catalog initialSearch={search} initialInStock={onlyInStock} />
    </HydrateClient>
  );
}
