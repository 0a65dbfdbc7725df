/** What the catalog asks for, shared by the page that prefetches it and the component that reads it. */
export const CATALOG_PAGE_SIZE = 12;

export function catalogListInput(search: string, inStock: boolean) {
  return { limit: CATALOG_PAGE_SIZE, search: search || undefined, inStock: inStock || undefined };
}

/** The search as the URL gives it: trimmed and bounded like the search box. */
export function searchFromUrl(q: unknown): string {
  return typeof q === "string" ? q.trim().slice(0, 100) : "";
}
