import type { InputHTMLAttributes } from "react";

/** A labelled input with its server-side error beside it. */
export function Field({
  name,
  label,
  error,
  ...input
}: { name: string; label: string; error?: string } & InputHTMLAttributes<HTMLInputElement>) {
  const errorId = `${name}-error`;
  return (
    <label>
      {label}
      <input name={name} aria-invalid={error ? true : undefined} aria-describedby={error ? errorId : undefined} {...input} />
      {error ? (
        <span id={errorId} className="field-error">
          {error}
        </span>
      ) : null}
    </label>
  );
}
