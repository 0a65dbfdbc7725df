"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { LiveStatus } from "@/components/LiveStatus";
import { formatMoney } from "@/lib/money";
import { useToast } from "@/components/Toaster";
import { useTRPC } from "@/trpc/client";

const problems = { UNAVAILABLE: "No longer sold", INSUFFICIENT_STOCK: "Not enough in stock" } as const;

/**
 * The cart with today's prices and stock, and checkout. One idempotency key per cart content: a retry of
 * the same checkout (a double click, a lost answer) returns the same order instead of a second one.
 */
export function CartView() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const cart = useQuery(trpc.cart.get.queryOptions());
  const [message, setMessage] = useState<string | null>(null);
  const setCart = {
    onSuccess: (data: unknown) => queryClient.setQueryData(trpc.cart.get.queryKey(), data as never),
    onError: (e: { message: string }) => setMessage(e.message),
  };
  const setQuantity = useMutation(trpc.cart.setQuantity.mutationOptions(setCart));
  const toast = useToast();
  // Removing is optimistic: the line goes at once, and comes back (with a message) if the server refuses.
  const remove = useMutation(
    trpc.cart.remove.mutationOptions({
      onMutate: async ({ productId }) => {
        await queryClient.cancelQueries({ queryKey: trpc.cart.get.queryKey() });
        const before = queryClient.getQueryData(trpc.cart.get.queryKey());
        if (before) {
          const items = before.items.filter((i) => i.productId !== productId);
          queryClient.setQueryData(trpc.cart.get.queryKey(), {
            ...before,
            items,
            subtotalMinor: items.reduce((sum, i) => sum + i.lineTotalMinor, 0),
          });
        }
        return { before };
      },
      onError: (error, _input, context) => {
        if (context?.before) queryClient.setQueryData(trpc.cart.get.queryKey(), context.before);
        toast("error", `Could not remove it: ${error.message}`);
      },
      onSuccess: (cart) => queryClient.setQueryData(trpc.cart.get.queryKey(), cart),
    }),
  );
  // Lines flag live when one of their products runs out or is taken off sale: the cart is read again.
  const productIds = cart.data?.items.map((i) => i.productId) ?? [];
  const live = useSubscription(
    trpc.storefront.availability.subscriptionOptions(
      { productIds },
      {
        enabled: productIds.length > 0,
        // Read again once connected: a change between the page's read and the stream's start is not missed.
        onStarted: () => void queryClient.invalidateQueries({ queryKey: trpc.cart.get.queryKey() }),
        onData: ({ data }) => {
          void queryClient.invalidateQueries({ queryKey: trpc.cart.get.queryKey() });
          if (data.change === "out_of_stock" || data.change === "archived") {
            const names = (cart.data?.items ?? []).filter((i) => data.productIds.includes(i.productId)).map((i) => i.name);
            toast(
              "error",
              `${names.join(", ") || "A product in your cart"} ${data.change === "archived" ? "is no longer sold" : "just sold out"}`,
            );
          }
        },
      },
    ),
  );
  const contents = JSON.stringify(cart.data?.items.map((i) => [i.productId, i.quantity]) ?? []);
  // A new key exactly when the cart's contents change (the dependency is the contents, not a value used inside).
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the contents are the trigger, on purpose
  const idempotencyKey = useMemo(() => crypto.randomUUID(), [contents]);
  const checkout = useMutation(
    trpc.cart.checkout.mutationOptions({
      onSuccess: (order) => {
        void queryClient.invalidateQueries({ queryKey: trpc.cart.get.queryKey() });
        router.push(`/orders/${order.id}?placed=1`);
      },
      onError: (e) => {
        setMessage(e.message);
        void queryClient.invalidateQueries({ queryKey: trpc.cart.get.queryKey() });
      },
    }),
  );

  if (cart.isPending) return <p className="status">Loading your cart…</p>;
  if (cart.isError) return <p className="error">{cart.error.message}</p>;
  const { items, subtotalMinor, currency, ready } = cart.data;

  return (
    <section aria-labelledby="cart-heading">
      <h1 id="cart-heading">Your cart</h1>
      <LiveStatus status={live.status} error={live.error} />
      {message ? (
        <p role="alert" className="error">
          {message}
        </p>
      ) : null}
      {items.length === 0 ? (
        <p className="status">
          Your cart is empty. <Link href="/">Browse the catalog</Link>
        </p>
      ) : (
        <>
          <table className="cart">
            <caption className="visually-hidden">Products in your cart</caption>
            <thead>
              <tr>
                <th scope="col">Product</th>
                <th scope="col">Price</th>
                <th scope="col">Quantity</th>
                <th scope="col">Total</th>
                <th scope="col">
                  <span className="visually-hidden">Remove</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.productId}>
                  <td>
                    <Link href={`/products/${item.productId}`}>{item.name}</Link>
                    {item.problem ? (
                      <span className="error">
                        {" "}
                        — {problems[item.problem]}
                        {item.problem === "INSUFFICIENT_STOCK" ? ` (${item.available} left)` : ""}
                      </span>
                    ) : null}
                  </td>
                  <td>{formatMoney(item.unitPriceMinor, item.currency)}</td>
                  <td>
                    <label className="visually-hidden" htmlFor={`qty-${item.productId}`}>
                      Quantity of {item.name}
                    </label>
                    <input
                      id={`qty-${item.productId}`}
                      type="number"
                      min={1}
                      max={1000}
                      defaultValue={item.quantity}
                      onBlur={(e) => {
                        const quantity = Number(e.target.value);
                        if (quantity !== item.quantity && quantity >= 1) {
                          setMessage(null);
                          setQuantity.mutate({ productId: item.productId, quantity });
                        }
                      }}
                    />
                  </td>
                  <td>{formatMoney(item.lineTotalMinor, item.currency)}</td>
                  <td>
                    <button
                      type="button"
                      className="small"
                      onClick={() => remove.mutate({ productId: item.productId })}
                      aria-label={`Remove ${item.name}`}
                    >
                      Remove
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="total">
            Subtotal: <strong>{currency ? formatMoney(subtotalMinor, currency) : "—"}</strong>
          </p>
          <button
            type="button"
            disabled={!ready || checkout.isPending}
            onClick={() => {
              setMessage(null);
              checkout.mutate({ idempotencyKey });
            }}
          >
            {checkout.isPending ? "Placing your order…" : "Place order"}
          </button>
          {!ready ? <p className="status">Fix the lines marked above to place your order.</p> : null}
        </>
      )}
    </section>
  );
}
