"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Field } from "@/components/Field";
import { fieldErrorsOf } from "@/lib/field-errors";
import { apiKeyScopeNames } from "@/server/auth/permissions";
import { useToast } from "@/components/Toaster";
import { useConfirm } from "../ui/ConfirmDialog";
import { useTRPC } from "@/trpc/client";

const when = (date: Date | null) => (date ? date.toLocaleString("en-IE", { dateStyle: "medium", timeStyle: "short" }) : "—");

/** API keys for integrators: create with scopes (the secret is shown once, with a copy button), list, revoke. */
export function ApiKeysPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirmDialog, confirm] = useConfirm();
  const [includeRevoked, setIncludeRevoked] = useState(false);
  const [copied, setCopied] = useState(false);
  const keys = useQuery(trpc.admin.apiKeys.list.queryOptions({ includeRevoked }));
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.admin.apiKeys.list.pathKey() });
  const create = useMutation(trpc.admin.apiKeys.create.mutationOptions({ onSuccess: () => (setCopied(false), refresh()) }));
  const toast = useToast();
  const revoke = useMutation(
    trpc.admin.apiKeys.revoke.mutationOptions({
      onSuccess: (key) => (toast("success", `Revoked ${key.name}: its next request is refused.`), refresh()),
      onError: (error) => toast("error", error.message),
    }),
  );
  const errors: Record<string, string | undefined> = fieldErrorsOf(create.error);

  return (
    <section aria-labelledby="keys-heading">
      {confirmDialog}
      <h1 id="keys-heading">API keys</h1>
      <div className="columns">
        <form
          className="stacked"
          aria-label="New API key"
          onSubmit={(e) => {
            e.preventDefault();
            const form = new FormData(e.currentTarget);
            const expires = String(form.get("expires") ?? "");
            create.mutate({
              name: String(form.get("name") ?? ""),
              scopes: apiKeyScopeNames.filter((scope) => form.get(`scope:${scope}`) === "on"),
              expiresAt: expires ? new Date(`${expires}T23:59:59`) : null,
            });
          }}
        >
          <h2>New key</h2>
          <Field name="name" label="Name (who uses it)" required error={errors.name} />
          <fieldset>
            <legend>Scopes</legend>
            {apiKeyScopeNames.map((scope) => (
              <label key={scope} className="checkbox">
                <input type="checkbox" name={`scope:${scope}`} /> {scope}
              </label>
            ))}
            {errors.scopes ? <span className="field-error">{errors.scopes}</span> : null}
          </fieldset>
          <Field name="expires" label="Expires (optional)" type="date" error={errors.expiresAt} />
          <button type="submit" disabled={create.isPending}>
            Create key
          </button>
        </form>
        {create.data ? (
          <div className="secret" role="status" aria-label="New key secret">
            <h2>Copy the secret now</h2>
            <p>
              It is shown once; only its hash is stored. Send it as <code>Authorization: Bearer …</code>.
            </p>
            <code data-testid="api-key-secret">{create.data.secret}</code>
            <button
              type="button"
              onClick={() => {
                void navigator.clipboard?.writeText(create.data.secret).then(() => setCopied(true));
              }}
            >
              {copied ? "Copied" : "Copy"}
            </button>
          </div>
        ) : null}
      </div>
      <h2>Keys</h2>
      <label className="checkbox">
        <input type="checkbox" checked={includeRevoked} onChange={(e) => setIncludeRevoked(e.target.checked)} /> Show revoked keys
      </label>
      {keys.isPending ? <p className="status">Loading…</p> : null}
      {keys.isError ? <p className="error">{keys.error.message}</p> : null}
      {keys.data?.items.length === 0 ? <p className="status">No keys yet.</p> : null}
      {keys.data?.items.length ? (
        <table className="cart">
          <caption className="visually-hidden">API keys</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Prefix</th>
              <th scope="col">Scopes</th>
              <th scope="col">Last used</th>
              <th scope="col">Expires</th>
              <th scope="col">
                <span className="visually-hidden">Revoke</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.data.items.map((key) => (
              <tr key={key.id}>
                <td>{key.name}</td>
                <td className="sku">{key.prefix}…</td>
                <td>{key.scopes.join(", ")}</td>
                <td>{when(key.lastUsedAt)}</td>
                <td>{when(key.expiresAt)}</td>
                <td>
                  {key.revokedAt ? (
                    <span>Revoked</span>
                  ) : (
                    <button
                      type="button"
                      className="small secondary"
                      aria-label={`Revoke ${key.name}`}
                      disabled={revoke.isPending}
                      onClick={async () => {
                        const yes = await confirm({
                          title: `Revoke ${key.name}?`,
                          body: "Every request with this key is refused from now on. This cannot be undone; a new key would have a new secret.",
                          confirmLabel: "Revoke",
                        });
                        if (yes) revoke.mutate({ id: key.id });
                      }}
                    >
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
