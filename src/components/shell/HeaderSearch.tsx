"use client";

import { Search } from "lucide-react";
import { usePathname } from "next/navigation";

/**
 * Search from any storefront page: a plain GET form to the catalog (works without JavaScript). The catalog
 * page has its own search-as-you-type box, so this one steps aside there.
 */
export function HeaderSearch() {
  if (usePathname() === "/") return null;
  return (
    <form action="/" method="get" role="search" className="flex min-w-48 flex-1 items-center gap-2 sm:max-w-sm">
      <Search aria-hidden size={18} className="text-muted" />
      <input
        type="search"
        name="q"
        aria-label="Search the shop"
        placeholder="Search the shop"
        maxLength={100}
        className="w-full rounded-md border border-line bg-surface px-2 py-1 text-fg"
      />
    </form>
  );
}
