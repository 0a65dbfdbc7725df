"use client";

import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from "react";

export interface ConfirmOptions {
  /** The question, as the dialog's title: "Archive Brass Pen?" */
  title: string;
  /** What will happen, in a sentence or two. */
  body: ReactNode;
  /** The button that does it: "Archive". */
  confirmLabel: string;
}

/**
 * A confirmation for destructive actions, on the browser's own modal `<dialog>`: focus moves into it and
 * stays there, Escape cancels, the page behind is inert. Focus starts on "Keep", so Enter does not destroy.
 *
 *   const [dialog, confirm] = useConfirm();
 *   if (await confirm({ title: "Revoke Fulfilment?", body: "...", confirmLabel: "Revoke" })) revoke.mutate(...);
 *   return <>{dialog}...</>;
 */
export function useConfirm(): [ReactNode, (options: ConfirmOptions) => Promise<boolean>] {
  const [asked, setAsked] = useState<(ConfirmOptions & { answer: (yes: boolean) => void }) | null>(null);
  const confirm = useCallback((options: ConfirmOptions) => new Promise<boolean>((answer) => setAsked({ ...options, answer })), []);
  const dialog = asked ? (
    <ConfirmDialog
      {...asked}
      onAnswer={(yes) => {
        setAsked(null);
        asked.answer(yes);
      }}
    />
  ) : null;
  return [dialog, confirm];
}

function ConfirmDialog({ title, body, confirmLabel, onAnswer }: ConfirmOptions & { onAnswer: (yes: boolean) => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const bodyId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-lg border border-line bg-surface p-5 text-fg shadow-[var(--shadow-raised)] backdrop:bg-black/50"
      onCancel={(e) => {
        e.preventDefault();
        onAnswer(false);
      }}
    >
      <h2 id={titleId} className="mt-0 text-lg">
        {title}
      </h2>
      <div id={bodyId} className="text-muted">
        {body}
      </div>
      <div className="mt-5 flex justify-end gap-2">
        <button type="button" className="secondary" autoFocus onClick={() => onAnswer(false)}>
          Keep
        </button>
        <button type="button" className="danger" onClick={() => onAnswer(true)}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
