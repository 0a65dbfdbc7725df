"use client";

import { ChevronDown, UserRound } from "lucide-react";
import Link from "next/link";
import { useEffect, useId, useRef, useState } from "react";
import { SignOutButton } from "../auth/SignOutButton";
import type { Theme } from "../ui/theme";
import { ThemeSwitch } from "../ui/ThemeSwitch";

/**
 * The signed-in person's menu (a disclosure: a button that shows a list of links). Escape or a click
 * outside closes it and gives focus back to the button.
 */
export function AccountMenu({
  name,
  role,
  backoffice,
  theme,
}: {
  name: string;
  role: string;
  backoffice: { href: string } | null;
  theme: Theme;
}) {
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      setOpen(false);
      button.current?.focus();
    };
    const onClick = (e: MouseEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("click", onClick);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("click", onClick);
    };
  }, [open]);
  return (
    <div ref={root} className="relative">
      <button
        ref={button}
        type="button"
        data-testid="account-link"
        aria-expanded={open}
        aria-controls={menuId}
        className="link-button inline-flex items-center gap-1.5 no-underline"
        onClick={() => setOpen((o) => !o)}
      >
        <UserRound aria-hidden size={18} />
        {name} <span className="role">({role})</span>
        <ChevronDown aria-hidden size={16} />
      </button>
      <div
        id={menuId}
        hidden={!open}
        className="absolute right-0 z-20 mt-2 w-60 rounded-lg border border-line bg-surface p-3 shadow-[var(--shadow-raised)]"
      >
        <ul className="m-0 flex list-none flex-col gap-2 p-0">
          <li>
            <Link href="/account" onClick={() => setOpen(false)}>
              Your account
            </Link>
          </li>
          <li>
            <Link href="/orders" onClick={() => setOpen(false)}>
              Your orders
            </Link>
          </li>
          {backoffice ? (
            <li>
              <Link href={backoffice.href} onClick={() => setOpen(false)}>
                Back office
              </Link>
            </li>
          ) : null}
          <li className="border-t border-line pt-2">
            <ThemeSwitch initial={theme} />
          </li>
          <li>
            <SignOutButton />
          </li>
        </ul>
      </div>
    </div>
  );
}
