"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { signIn } from "next-auth/react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { fieldErrorsOf } from "@/lib/field-errors";
import { Field } from "@/components/Field";
import { useTRPC } from "@/trpc/client";

export function SignUpForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [signInFailed, setSignInFailed] = useState(false);
  const signUp = useMutation(trpc.auth.signUp.mutationOptions());
  const errors = fieldErrorsOf(signUp.error);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = { email: String(form.get("email")), password: String(form.get("password")), name: String(form.get("name")) };
    try {
      await signUp.mutateAsync(input);
    } catch {
      return; // shown beside the fields
    }
    const result = await signIn("credentials", { email: input.email, password: input.password, redirect: false }).catch(() => null);
    if (!result || result.error) return setSignInFailed(true);
    queryClient.clear();
    router.push("/");
    router.refresh();
  }

  return (
    <form className="form" onSubmit={submit} noValidate>
      <h1>Create an account</h1>
      <Field name="name" label="Name" autoComplete="name" error={errors.name} />
      <Field name="email" label="Email" type="email" autoComplete="email" error={errors.email} />
      <Field
        name="password"
        label="Password (at least 10 characters)"
        type="password"
        autoComplete="new-password"
        error={errors.password}
      />
      {signUp.error && !Object.keys(errors).length ? (
        <p role="alert" className="error">
          {signUp.error.message}
        </p>
      ) : null}
      {signInFailed ? (
        <p role="alert" className="error">
          Your account was created, but signing in failed: <Link href="/sign-in">sign in</Link>.
        </p>
      ) : null}
      <button type="submit" disabled={signUp.isPending}>
        {signUp.isPending ? "Creating…" : "Create account"}
      </button>
      <p>
        Already have an account? <Link href="/sign-in">Sign in</Link>
      </p>
    </form>
  );
}
