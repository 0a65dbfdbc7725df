"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { fieldErrorsOf } from "@/lib/field-errors";
import { useTRPC } from "@/trpc/client";
import { Field } from "@/components/Field";

/** Profile and password. Changing the password signs out every session, then signs this one in again. */
export function AccountForms() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const me = useQuery(trpc.me.get.queryOptions());
  const rename = useMutation(
    trpc.me.updateProfile.mutationOptions({
      onSuccess: (data) => {
        queryClient.setQueryData(trpc.me.get.queryKey(), data);
        router.refresh();
      },
    }),
  );
  const changePassword = useMutation(trpc.me.changePassword.mutationOptions());
  const [passwordMessage, setPasswordMessage] = useState<string | null>(null);

  if (me.isPending) return <p className="status">Loading your account…</p>;
  if (me.error || me.data.type !== "user") return <p className="error">Could not load your account.</p>;
  const user = me.data;

  async function submitPassword(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const newPassword = String(form.get("newPassword"));
    setPasswordMessage(null);
    try {
      await changePassword.mutateAsync({ currentPassword: String(form.get("currentPassword")), newPassword });
    } catch {
      return;
    }
    // Every session ended, this one too: sign in again with the new password.
    const result = await signIn("credentials", { email: user.email, password: newPassword, redirect: false });
    formElement.reset();
    setPasswordMessage(
      result?.error ? "Password changed. Sign in again with your new password." : "Password changed. Other devices have been signed out.",
    );
    router.refresh();
  }

  const renameErrors = fieldErrorsOf(rename.error);
  const passwordErrors = fieldErrorsOf(changePassword.error);
  return (
    <div className="stack">
      <h1>Your account</h1>
      <p>
        {user.email} · {user.role.toLowerCase()}
      </p>
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault();
          rename.mutate({ name: String(new FormData(event.currentTarget).get("name")) });
        }}
      >
        <h2>Profile</h2>
        <Field name="name" label="Name" defaultValue={user.name} autoComplete="name" error={renameErrors.name} />
        {rename.isSuccess ? <p role="status">Saved.</p> : null}
        <button type="submit" disabled={rename.isPending}>
          Save
        </button>
      </form>
      <form className="form" onSubmit={submitPassword}>
        <h2>Change password</h2>
        <Field
          name="currentPassword"
          label="Current password"
          type="password"
          autoComplete="current-password"
          error={passwordErrors.currentPassword}
        />
        <Field
          name="newPassword"
          label="New password (at least 10 characters)"
          type="password"
          autoComplete="new-password"
          error={passwordErrors.newPassword}
        />
        {passwordMessage ? <p role="status">{passwordMessage}</p> : null}
        <button type="submit" disabled={changePassword.isPending}>
          Change password
        </button>
      </form>
    </div>
  );
}
