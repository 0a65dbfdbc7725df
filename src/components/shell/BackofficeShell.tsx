import { Store } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import type { getViewer } from "@/server/auth/viewer";
import { SignOutButton } from "../auth/SignOutButton";
import { Badge } from "../ui/Badge";
import type { Theme } from "../ui/theme";
import { ThemeSwitch } from "../ui/ThemeSwitch";
import { backofficeLinksFor } from "./backoffice-links";
import { BackofficeNav } from "./BackofficeNav";

type Viewer = NonNullable<Awaited<ReturnType<typeof getViewer>>>;

/**
 * The back office's frame: a sidebar (sections, then the signed-in person and their role, the storefront
 * link, the theme and signing out) beside the page; on a phone the sidebar becomes a bar above it.
 */
export function BackofficeShell({ viewer, theme, children }: { viewer: Viewer; theme: Theme; children: ReactNode }) {
  const links = backofficeLinksFor(viewer).map(({ href, label, icon }) => ({ href, label, icon }));
  return (
    <div className="md:flex md:min-h-screen">
      <aside className="flex flex-wrap items-center justify-between gap-4 border-b border-line bg-surface p-4 md:sticky md:top-0 md:h-screen md:w-60 md:shrink-0 md:flex-col md:flex-nowrap md:items-stretch md:justify-start md:border-r md:border-b-0">
        <Link href="/admin" className="brand flex items-center gap-2">
          <Store aria-hidden size={22} />
          <span className="flex flex-col leading-tight">
            Stockroom
            <span className="text-xs font-normal text-muted">Back office</span>
          </span>
        </Link>
        <BackofficeNav
          links={links}
          footer={
            <div className="mt-auto flex flex-col gap-2 border-t border-line pt-3 text-sm">
              <p className="m-0" data-testid="backoffice-person">
                <span className="font-semibold">{viewer.name}</span> <Badge tone="info">{viewer.role.toLowerCase()}</Badge>
              </p>
              <Link href="/">View the storefront</Link>
              <ThemeSwitch initial={theme} />
              <div>
                <SignOutButton />
              </div>
            </div>
          }
        />
      </aside>
      <main className="page min-w-0 flex-1">{children}</main>
    </div>
  );
}
