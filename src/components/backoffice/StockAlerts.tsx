"use client";

import { useSubscription } from "@trpc/tanstack-react-query";
import { useToast } from "@/components/Toaster";
import { useTRPC } from "@/trpc/client";

/** Low-stock and out-of-stock alerts for staff, wherever they are in the app, as the stock crosses the line. */
export function StockAlerts() {
  const trpc = useTRPC();
  const toast = useToast();
  useSubscription(
    trpc.events.live.subscriptionOptions(
      { types: ["stock.low", "stock.out"] },
      {
        onData: ({ data }) => {
          const { sku, stock } = data.data as { sku: string; stock: number };
          toast("error", data.type === "stock.out" ? `Out of stock: ${sku}` : `Low stock: ${sku} (${stock} left)`);
        },
      },
    ),
  );
  return null;
}
