import { Store } from "lucide-react";
import Link from "next/link";
import type { getViewer } from "@/server/auth/viewer";
import { getQueryClient, HydrateClient, trpc } from "@/trpc/server";
import type { Theme } from "../ui/theme";
import { ThemeSwitch } from "../ui/ThemeSwitch";
import { AccountMenu } from "./AccountMenu";
import { backofficeLinksFor } from "./backoffice-links";
import { CartLink } from "./CartLink";
import { HeaderSearch } from "./HeaderSearch";

/**
 * The storefront's header: the shop's name, a search box, and for a signed-in person their orders, their cart
 * with its count and their account menu. Back-office navigation never appears here; staff get one link to it.
 */
export async function StoreHeader({ viewer, theme }: { viewer: Awaited<ReturnType<typeof getViewer>>; theme: Theme }) {
  const [backoffice] = backofficeLinksFor(viewer);
  // The cart count arrives with the page; adding to the cart updates the same query in the browser.
  if (viewer) await getQueryClient().prefetchQuery(trpc.cart.get.queryOptions());
  return (
    <header className="site-header flex flex-wrap items-center gap-x-6 gap-y-2">
      <Link href="/" className="brand inline-flex items-center gap-2">
        <Store aria-hidden size={22} />
        Stockroom
      </Link>
      <HeaderSearch />
      <nav aria-label="Main" className="site-nav ml-auto">
        <Link href="/">Catalog</Link>
        {viewer ? (
          <>
            <Link href="/orders">Orders</Link>
            <HydrateClient>
              <CartLink />
            </HydrateClient>
            <AccountMenu
              name={viewer.name}
              role={viewer.role.toLowerCase()}
              backoffice={backoffice ? { href: backoffice.href } : null}
              theme={theme}
            />
          </>
        ) : (
          <>
            <Link href="/sign-in">Sign in</Link>
            <Link href="/sign-up">Sign up</Link>
            <ThemeSwitch initial={theme} />
          </>
        )}
      </nav>
    </header>
  );
}
