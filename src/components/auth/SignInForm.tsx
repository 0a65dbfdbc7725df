"use client";

import { useQueryClient } from "@tanstack/react-query";
import { signIn } from "next-auth/react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";

const messages: Record<string, string> = {
  invalid_credentials: "That email and password do not match an account.",
  account_disabled: "This account has been deactivated. Contact the shop to restore it.",
  rate_limited: "Too many attempts. Wait a minute, then try again.",
};

/** Only same-site paths: a `callbackUrl` must not send people elsewhere after signing in. */
function safeCallback(url: string | null): string {
  return url && url.startsWith("/") && !url.startsWith("//") ? url : "/";
}

export function SignInForm({ callbackUrl, notice }: { callbackUrl: string | null; notice?: string }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    const result = await signIn("credentials", { email: form.get("email"), password: form.get("password"), redirect: false });
    setBusy(false);
    if (!result || result.error) {
      setError(messages[result?.code ?? ""] ?? messages.invalid_credentials!);
      return;
    }
    queryClient.clear();
    router.push(safeCallback(callbackUrl));
    router.refresh();
  }

  return (
    <form className="form" onSubmit={submit} noValidate>
      <h1>Sign in</h1>
      {notice ? <p className="notice">{notice}</p> : null}
      <label>
        Email
        <input name="email" type="email" autoComplete="email" required />
      </label>
      <label>
        Password
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      <button type="submit" disabled={busy}>
        {busy ? "Signing in…" : "Sign in"}
      </button>
      <p>
        New here? <Link href="/sign-up">Create an account</Link>
      </p>
    </form>
  );
}
