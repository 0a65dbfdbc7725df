"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Field } from "@/components/Field";
import { fieldErrorsOf } from "@/lib/field-errors";
import { formatMoney } from "@/lib/money";
import { useTRPC } from "@/trpc/client";
import { ProductForm } from "./ProductForm";
import { ProductImages } from "./ProductImages";
import { useConfirm } from "../ui/ConfirmDialog";

const reasons = [
  { value: "RECEIVED", label: "Received (adds)" },
  { value: "RETURNED", label: "Returned (adds)" },
  { value: "DAMAGED", label: "Damaged (removes)" },
  { value: "CORRECTION", label: "Correction (either way)" },
] as const;
type Reason = (typeof reasons)[number]["value"];

/** One product for staff: edit, archive, adjust stock with a reason, and its stock ledger. */
export function ProductAdmin({ id, justSaved }: { id: string; justSaved: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const product = useQuery({ ...trpc.products.byId.queryOptions({ id }), retry: false });
  const movements = useQuery(trpc.stock.movements.queryOptions({ productId: id, limit: 20 }));
  const [reason, setReason] = useState<Reason>("RECEIVED");
  const [notice, setNotice] = useState<string | null>(justSaved ? "Saved." : null);
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.products.pathKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.stock.movements.pathKey() });
  };
  const adjust = useMutation(trpc.stock.adjust.mutationOptions({ onSuccess: (p) => (setNotice(`Stock is now ${p.stock}.`), refresh()) }));
  const [confirmDialog, confirm] = useConfirm();
  const archive = useMutation(
    trpc.products.archive.mutationOptions({ onSuccess: () => (setNotice("Archived: it is no longer sold."), refresh()) }),
  );
  const unarchive = useMutation(trpc.products.unarchive.mutationOptions({ onSuccess: () => (setNotice("Back on sale."), refresh()) }));

  if (product.isPending) return <p className="status">Loading…</p>;
  if (product.isError) return <p className="error">{product.error.message}</p>;
  const p = product.data;
  const adjustErrors = fieldErrorsOf(adjust.error);

  return (
    <section aria-labelledby="product-heading">
      {confirmDialog}
      <p>
        <Link href="/admin/products">← Products</Link>
      </p>
      <h1 id="product-heading">{p.name}</h1>
      {notice ? (
        <p role="status" className="notice">
          {notice}
        </p>
      ) : null}
      <p>
        {formatMoney(p.priceMinor, p.currency)} · <strong data-testid="stock">{p.stock}</strong> in stock{" "}
        {p.lowStock ? <span className="badge warn">low</span> : null} · {p.active ? "On sale" : "Archived"}
      </p>
      <div className="columns">
        <div>
          <h2>Details</h2>
          <ProductForm key={p.updatedAt.toISOString()} product={p} />
          <p>
            {p.active ? (
              <button
                type="button"
                className="secondary"
                disabled={archive.isPending}
                onClick={async () => {
                  const yes = await confirm({
                    title: `Archive ${p.name}?`,
                    body: "It leaves the storefront and can no longer be bought. Orders already placed keep it; you can put it back on sale.",
                    confirmLabel: "Archive",
                  });
                  if (yes) archive.mutate({ id });
                }}
              >
                Archive
              </button>
            ) : (
              <button type="button" onClick={() => unarchive.mutate({ id })} disabled={unarchive.isPending}>
                Put back on sale
              </button>
            )}
          </p>
          <ProductImages productId={id} images={p.images} />
        </div>
        <div>
          <h2>Adjust stock</h2>
          <form
            className="stacked"
            aria-label="Adjust stock"
            onSubmit={(e) => {
              e.preventDefault();
              const form = new FormData(e.currentTarget);
              const amount = Math.abs(Number(form.get("amount")));
              const sign = reason === "DAMAGED" ? -1 : reason === "CORRECTION" && form.get("direction") === "remove" ? -1 : 1;
              setNotice(null);
              adjust.mutate({ productId: id, reason, delta: sign * amount, note: String(form.get("note") ?? "") });
            }}
          >
            <label>
              Reason
              <select name="reason" value={reason} onChange={(e) => setReason(e.target.value as Reason)}>
                {reasons.map((r) => (
                  <option key={r.value} value={r.value}>
                    {r.label}
                  </option>
                ))}
              </select>
            </label>
            {reason === "CORRECTION" ? (
              <label>
                Direction
                <select name="direction" defaultValue="add">
                  <option value="add">Add</option>
                  <option value="remove">Remove</option>
                </select>
              </label>
            ) : null}
            <Field name="amount" label="Units" type="number" min={1} required error={adjustErrors.delta} />
            <Field name="note" label="Note" error={adjustErrors.note} />
            {adjust.isError && !adjustErrors.delta ? (
              <p role="alert" className="error">
                {adjust.error.message}
              </p>
            ) : null}
            <button type="submit" disabled={adjust.isPending}>
              Record
            </button>
          </form>
          <h2>Stock ledger</h2>
          <ol className="ledger" aria-label="Stock ledger">
            {(movements.data?.items ?? []).map((m) => (
              <li key={m.id}>
                {m.delta > 0 ? `+${m.delta}` : m.delta} {m.reason.toLowerCase()} → {m.stockAfter}
                {m.note ? ` (${m.note})` : ""} · {m.at.toLocaleString("en-IE", { dateStyle: "medium", timeStyle: "short" })}
              </li>
            ))}
          </ol>
        </div>
      </div>
    </section>
  );
}
