"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useTRPC } from "@/trpc/client";

/** Quantity and "Add to cart"; the server checks the stock and says how many there are when it is short. */
export function AddToCart({ productId, stock }: { productId: string; stock: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [quantity, setQuantity] = useState(1);
  const add = useMutation(trpc.cart.add.mutationOptions({ onSuccess: (cart) => queryClient.setQueryData(trpc.cart.get.queryKey(), cart) }));

  return (
    <form
      className="add-to-cart"
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate({ productId, quantity });
      }}
    >
      <label htmlFor="quantity">Quantity</label>
      <input
        id="quantity"
        type="number"
        min={1}
        max={Math.max(1, Math.min(stock, 1000))}
        value={quantity}
        onChange={(e) => setQuantity(Number(e.target.value))}
        required
      />
      <button type="submit" disabled={add.isPending}>
        {add.isPending ? "Adding…" : "Add to cart"}
      </button>
      {add.isSuccess ? (
        <p role="status" className="notice">
          Added to your cart. <Link href="/cart">View cart</Link>
        </p>
      ) : null}
      {add.isError ? (
        <p role="alert" className="error">
          {add.error.message}
        </p>
      ) : null}
    </form>
  );
}
