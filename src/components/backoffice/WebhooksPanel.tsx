"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Field } from "@/components/Field";
import { useToast } from "@/components/Toaster";
import { fieldErrorsOf } from "@/lib/field-errors";
import type { EventType } from "@/server/events/catalog";
import { useConfirm } from "../ui/ConfirmDialog";
import { useTRPC } from "@/trpc/client";

const when = (date: Date | null) => (date ? date.toLocaleString("en-IE", { dateStyle: "medium", timeStyle: "medium" }) : "—");

/**
 * Webhook endpoints: register one (its signing secret is shown once), see which are failing or disabled and
 * why, send a test, rotate the secret, enable or disable, and read each endpoint's deliveries with "retry now".
 */
export function WebhooksPanel({ eventTypes }: { eventTypes: EventType[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [secret, setSecret] = useState<{ label: string; value: string } | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const endpoints = useQuery(trpc.webhooks.list.queryOptions({}));
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.webhooks.pathKey() });
  const onError = (error: { message: string }) => toast("error", error.message);
  const create = useMutation(
    trpc.webhooks.create.mutationOptions({
      onSuccess: (created) => (setSecret({ label: created.endpoint.url, value: created.secret }), refresh()),
    }),
  );
  const update = useMutation(trpc.webhooks.update.mutationOptions({ onSuccess: refresh, onError }));
  const [confirmDialog, confirm] = useConfirm();
  const remove = useMutation(
    trpc.webhooks.delete.mutationOptions({ onSuccess: (e) => (toast("success", `Removed ${e.url}`), refresh()), onError }),
  );
  const rotate = useMutation(
    trpc.webhooks.rotateSecret.mutationOptions({
      onSuccess: (rotated) => (setSecret({ label: rotated.endpoint.url, value: rotated.secret }), refresh()),
      onError,
    }),
  );
  const test = useMutation(
    trpc.webhooks.test.mutationOptions({
      onSuccess: (_delivery, input) => (toast("success", "Test sent: see its delivery below."), setOpen(input.id), refresh()),
      onError,
    }),
  );
  const errors: Record<string, string | undefined> = fieldErrorsOf(create.error);

  return (
    <section aria-labelledby="webhooks-heading">
      {confirmDialog}
      <h1 id="webhooks-heading">Webhooks</h1>
      <div className="columns">
        <form
          className="stacked"
          aria-label="New webhook endpoint"
          onSubmit={(e) => {
            e.preventDefault();
            const form = new FormData(e.currentTarget);
            create.mutate({
              url: String(form.get("url") ?? ""),
              description: String(form.get("description") ?? ""),
              eventTypes: eventTypes.filter((type) => form.get(`type:${type}`) === "on"),
            });
          }}
        >
          <h2>New endpoint</h2>
          <Field name="url" label="URL (https)" required error={errors.url} />
          <Field name="description" label="Description" error={errors.description} />
          <fieldset>
            <legend>Events</legend>
            {eventTypes.map((type) => (
              <label key={type} className="checkbox">
                <input type="checkbox" name={`type:${type}`} /> {type}
              </label>
            ))}
            {errors.eventTypes ? <span className="field-error">{errors.eventTypes}</span> : null}
          </fieldset>
          {create.error && !Object.keys(errors).length ? <p className="error">{create.error.message}</p> : null}
          <button type="submit" disabled={create.isPending}>
            Add endpoint
          </button>
        </form>
        {secret ? (
          <div className="secret" role="status" aria-label="Signing secret">
            <h2>Copy the signing secret now</h2>
            <p>
              For {secret.label}. It is shown once. Receivers verify deliveries with it (docs/webhooks.md); after a rotation the old one
              keeps signing for 24 hours.
            </p>
            <code data-testid="webhook-secret">{secret.value}</code>
          </div>
        ) : null}
      </div>
      <h2>Endpoints</h2>
      {endpoints.isPending ? <p className="status">Loading…</p> : null}
      {endpoints.isError ? <p className="error">{endpoints.error.message}</p> : null}
      {endpoints.data?.items.length === 0 ? <p className="status">No endpoints yet.</p> : null}
      {endpoints.data?.items.map((endpoint) => (
        <article key={endpoint.id} className="webhook-endpoint" aria-label={`Endpoint ${endpoint.url}`}>
          <h3>
            <code>{endpoint.url}</code>
          </h3>
          <p>
            {endpoint.description ? `${endpoint.description} · ` : null}
            {endpoint.eventTypes.join(", ")}
          </p>
          <p role="status">
            {endpoint.enabled ? (endpoint.failingSince ? `Failing since ${when(endpoint.failingSince)}` : "Enabled") : "Disabled"}
            {endpoint.disabledReason ? `: ${endpoint.disabledReason}` : null}
          </p>
          <div className="actions">
            <button
              type="button"
              className="small"
              disabled={!endpoint.enabled || test.isPending}
              onClick={() => test.mutate({ id: endpoint.id })}
            >
              Send test
            </button>
            <button
              type="button"
              className="small secondary"
              onClick={() => update.mutate({ id: endpoint.id, enabled: !endpoint.enabled })}
            >
              {endpoint.enabled ? "Disable" : "Enable"}
            </button>
            <button type="button" className="small secondary" onClick={() => rotate.mutate({ id: endpoint.id })}>
              Rotate secret
            </button>
            <button type="button" className="small secondary" onClick={() => setOpen(open === endpoint.id ? null : endpoint.id)}>
              {open === endpoint.id ? "Hide deliveries" : "Deliveries"}
            </button>
            <button
              type="button"
              className="small secondary"
              onClick={async () => {
                const yes = await confirm({
                  title: `Remove ${endpoint.url}?`,
                  body: "No more events are sent to it, and its delivery log is deleted. This cannot be undone.",
                  confirmLabel: "Remove",
                });
                if (yes) remove.mutate({ id: endpoint.id });
              }}
            >
              Remove
            </button>
          </div>
          {open === endpoint.id ? <Deliveries endpointId={endpoint.id} /> : null}
        </article>
      ))}
    </section>
  );
}

/** One endpoint's deliveries, newest first, each with its latest attempts; refreshed every few seconds while open. */
function Deliveries({ endpointId }: { endpointId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const deliveries = useQuery({ ...trpc.webhooks.deliveries.queryOptions({ id: endpointId, limit: 20 }), refetchInterval: 2_000 });
  const retry = useMutation(
    trpc.webhooks.retryDelivery.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.webhooks.deliveries.pathKey() }),
      onError: (error) => toast("error", error.message),
    }),
  );
  if (deliveries.isPending) return <p className="status">Loading deliveries…</p>;
  if (deliveries.isError) return <p className="error">{deliveries.error.message}</p>;
  if (!deliveries.data.items.length) return <p className="status">No deliveries yet.</p>;
  return (
    <table className="cart">
      <caption className="visually-hidden">Deliveries</caption>
      <thead>
        <tr>
          <th scope="col">Event</th>
          <th scope="col">Status</th>
          <th scope="col">Attempts</th>
          <th scope="col">Last answer</th>
          <th scope="col">
            <span className="visually-hidden">Retry</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {deliveries.data.items.map((delivery) => {
          const last = delivery.attempts[0];
          return (
            <tr key={delivery.id}>
              <td>
                {delivery.eventType}
                <br />
                <span className="sku">{delivery.eventId}</span>
              </td>
              <td>{delivery.status}</td>
              <td>
                {delivery.attemptCount} · {when(delivery.lastAttemptAt)}
              </td>
              <td>
                {last
                  ? `${last.statusCode ?? "no answer"}${last.error ? ` — ${last.error}` : ""} (${last.durationMs} ms)${last.responseExcerpt ? `: ${last.responseExcerpt.slice(0, 120)}` : ""}`
                  : "—"}
              </td>
              <td>
                {delivery.status !== "SUCCEEDED" ? (
                  <button
                    type="button"
                    className="small"
                    disabled={retry.isPending}
                    onClick={() => retry.mutate({ id: endpointId, deliveryId: delivery.id })}
                  >
                    Retry now
                  </button>
                ) : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
