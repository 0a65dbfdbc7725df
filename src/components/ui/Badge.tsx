import type { ReactNode } from "react";

const tones = {
  neutral: "bg-subtle text-fg",
  info: "bg-accent-soft text-fg",
  success: "bg-[var(--success-bg)] text-fg",
  warn: "bg-[var(--warn-bg)] text-[var(--warn-fg)]",
  danger: "bg-[var(--danger-bg)] text-[var(--danger-fg)]",
} as const;

export type BadgeTone = keyof typeof tones;

/** A short label in a pill: a status, a count, a role. */
export function Badge({ tone = "neutral", children, className = "" }: { tone?: BadgeTone; children: ReactNode; className?: string }) {
  return (
    <span
      className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-semibold whitespace-nowrap ${tones[tone]} ${className}`}
    >
      {children}
    </span>
  );
}
