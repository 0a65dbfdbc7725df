"use client";

import { FileClock, KeyRound, LayoutDashboard, Mail, Menu, Package, ReceiptText, Users, Webhook, X, type LucideIcon } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useState, type ReactNode } from "react";
import type { BackofficeIcon } from "./backoffice-links";

const icons: Record<BackofficeIcon, LucideIcon> = {
  dashboard: LayoutDashboard,
  orders: ReceiptText,
  products: Package,
  users: Users,
  keys: KeyRound,
  webhooks: Webhook,
  audit: FileClock,
  mail: Mail,
};

/** The section a path belongs to: the longest link that is the path or a parent of it. */
function currentHref(path: string, links: { href: string }[]): string | undefined {
  return links
    .map((l) => l.href)
    .filter((href) => path === href || path.startsWith(`${href}/`))
    .sort((a, b) => b.length - a.length)[0];
}

/**
 * The sidebar's links with the current section marked (aria-current), then `footer`. On a phone both fold
 * behind a "Menu" button, and fold again after each navigation.
 */
export function BackofficeNav({ links, footer }: { links: { href: string; label: string; icon: BackofficeIcon }[]; footer: ReactNode }) {
  const path = usePathname();
  const [open, setOpen] = useState(false);
  useEffect(() => setOpen(false), [path]);
  const current = currentHref(path, links);
  return (
    <>
      <button
        type="button"
        className="secondary inline-flex items-center gap-2 md:hidden"
        aria-expanded={open}
        aria-controls="backoffice-menu"
        onClick={() => setOpen((o) => !o)}
      >
        {open ? <X aria-hidden size={18} /> : <Menu aria-hidden size={18} />}
        Menu
      </button>
      <div id="backoffice-menu" className={`basis-full flex-col gap-4 md:flex md:flex-1 md:basis-auto ${open ? "flex" : "hidden"}`}>
        <nav aria-label="Back office">
          <ul className="m-0 flex list-none flex-col gap-0.5 p-0">
            {links.map((link) => {
              const Icon = icons[link.icon];
              const active = link.href === current;
              return (
                <li key={link.href}>
                  <Link
                    href={link.href}
                    aria-current={active ? "page" : undefined}
                    className={`flex items-center gap-3 rounded-md px-3 py-2 no-underline ${
                      active ? "bg-accent-soft font-semibold text-fg" : "text-fg hover:bg-subtle"
                    }`}
                  >
                    <Icon aria-hidden size={18} className={active ? "text-accent" : "text-muted"} />
                    {link.label}
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
        {footer}
      </div>
    </>
  );
}
