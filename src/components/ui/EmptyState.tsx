import type { ReactNode } from "react";

/** What an empty list says: that it is empty, why, and what to do next (a link or a button in `action`). */
export function EmptyState({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div role="status" className="my-4 rounded-lg border border-dashed border-line bg-surface p-6 text-center">
      <p className="m-0 font-semibold">{title}</p>
      {children ? <p className="mt-1 mb-0 text-muted">{children}</p> : null}
      {action ? <div className="mt-3">{action}</div> : null}
    </div>
  );
}
