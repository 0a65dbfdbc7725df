import { OrderStatusBadge } from "./OrderStatusBadge";

export interface StatusStep {
  toStatus: string;
  at: Date;
  /** Who made the change, when the viewer may know it (the back office). */
  by?: string;
}

/** An order's history as a vertical timeline, oldest first: each step's status, when, and by whom. */
export function StatusTimeline({ steps }: { steps: StatusStep[] }) {
  return (
    <ol aria-label="Status history" className="m-0 list-none border-l-2 border-line p-0 pl-5">
      {steps.map((step, i) => (
        <li key={i} className="relative pb-4 last:pb-0">
          <span aria-hidden className="absolute top-1.5 -left-[27px] h-3 w-3 rounded-full border-2 border-surface bg-accent" />
          <OrderStatusBadge status={step.toStatus} />{" "}
          <time dateTime={step.at.toISOString()} className="text-sm text-muted">
            {step.at.toLocaleString("en-IE", { dateStyle: "medium", timeStyle: "short" })}
          </time>
          {step.by ? <span className="text-sm text-muted"> · by {step.by}</span> : null}
        </li>
      ))}
    </ol>
  );
}
