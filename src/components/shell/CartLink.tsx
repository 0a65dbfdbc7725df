"use client";

import { useQuery } from "@tanstack/react-query";
import { ShoppingCart } from "lucide-react";
import Link from "next/link";
import { useTRPC } from "@/trpc/client";

/** "Cart" with how many items it holds; adding, changing and removing lines update the same query. */
export function CartLink() {
  const trpc = useTRPC();
  const cart = useQuery(trpc.cart.get.queryOptions());
  const count = cart.data?.items.reduce((sum, item) => sum + item.quantity, 0) ?? 0;
  return (
    <Link href="/cart" className="inline-flex items-center gap-1.5" aria-label={count ? `Cart, ${count} items` : "Cart"}>
      <ShoppingCart aria-hidden size={18} />
      Cart
      {count ? (
        <span data-testid="cart-count" className="rounded-full bg-accent px-1.5 text-xs font-semibold text-on-accent">
          {count}
        </span>
      ) : null}
    </Link>
  );
}
