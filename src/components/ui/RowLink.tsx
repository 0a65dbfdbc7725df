"use client";

import { useRouter } from "next/navigation";
import type { ReactNode } from "react";

/**
 * A table row that opens `href` when clicked anywhere, for the mouse. The row's own link stays the way in
 * for the keyboard and screen readers; clicks on links, buttons and fields inside keep their own meaning.
 */
export function RowLink({ href, children }: { href: string; children: ReactNode }) {
  const router = useRouter();
  return (
    <tr
      className="cursor-pointer hover:bg-subtle"
      onClick={(e) => {
        if ((e.target as HTMLElement).closest("a, button, input, select, label")) return;
        router.push(href);
      }}
    >
      {children}
    </tr>
  );
}
