"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Field } from "@/components/Field";
import { fieldErrorsOf } from "@/lib/field-errors";
import { minorToText, parseMoney } from "@/lib/money";
import { useTRPC } from "@/trpc/client";

export interface ProductFormValues {
  id?: string;
  sku: string;
  name: string;
  description: string;
  priceMinor: number;
  currency: string;
  lowStockThreshold: number;
}

/** Create or edit a product. The price is typed in major units and parsed as text into minor units. */
export function ProductForm({ product }: { product?: ProductFormValues }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [currency, setCurrency] = useState(product?.currency ?? "EUR");
  const [priceError, setPriceError] = useState<string | null>(null);
  const done = {
    onSuccess: (saved: { id: string }) => {
      void queryClient.invalidateQueries({ queryKey: trpc.products.pathKey() });
      router.push(`/admin/products/${saved.id}?saved=1`);
    },
  };
  const create = useMutation(trpc.products.create.mutationOptions(done));
  const update = useMutation(trpc.products.update.mutationOptions(done));
  const mutation = product?.id ? update : create;
  const errors: Record<string, string | undefined> = {
    ...fieldErrorsOf(mutation.error),
    ...(priceError ? { priceMinor: priceError } : {}),
  };

  return (
    <form
      className="stacked"
      aria-label={product?.id ? "Edit product" : "New product"}
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        const text = (name: string) => String(form.get(name) ?? "");
        const priceMinor = parseMoney(text("price"), currency);
        setPriceError(priceMinor === null ? `Enter an amount such as 12.50 (${currency})` : null);
        if (priceMinor === null) return;
        const fields = {
          sku: text("sku"),
          name: text("name"),
          description: text("description"),
          priceMinor,
          currency,
          lowStockThreshold: Number(text("lowStockThreshold") || 0),
        };
        if (product?.id) update.mutate({ id: product.id, ...fields });
        else create.mutate({ ...fields, initialStock: Number(text("initialStock") || 0) });
      }}
    >
      <Field name="sku" label="SKU" defaultValue={product?.sku} required error={errors.sku} />
      <Field name="name" label="Name" defaultValue={product?.name} required error={errors.name} />
      <label>
        Description
        <textarea name="description" defaultValue={product?.description} rows={3} />
      </label>
      <Field
        name="price"
        label="Price"
        inputMode="decimal"
        defaultValue={product ? minorToText(product.priceMinor, product.currency) : ""}
        required
        error={errors.priceMinor}
      />
      <Field
        name="currency"
        label="Currency"
        value={currency}
        onChange={(e) => setCurrency(e.target.value.toUpperCase())}
        maxLength={3}
        required
        error={errors.currency}
      />
      <Field
        name="lowStockThreshold"
        label="Low-stock threshold"
        type="number"
        min={0}
        defaultValue={product?.lowStockThreshold ?? 5}
        error={errors.lowStockThreshold}
      />
      {product?.id ? null : (
        <Field name="initialStock" label="Opening stock" type="number" min={0} defaultValue={0} error={errors.initialStock} />
      )}
      {mutation.isError && !Object.keys(fieldErrorsOf(mutation.error)).length ? (
        <p role="alert" className="error">
          {mutation.error.message}
        </p>
      ) : null}
      <button type="submit" disabled={mutation.isPending}>
        {mutation.isPending ? "Saving…" : product?.id ? "Save changes" : "Create product"}
      </button>
    </form>
  );
}
