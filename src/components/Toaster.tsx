"use client";

import { createContext, useCallback, useContext, useState, type ReactNode } from "react";

type Toast = { id: number; kind: "success" | "error"; text: string };
type Notify = (kind: Toast["kind"], text: string) => void;

const ToastContext = createContext<Notify>(() => {});

/** `const toast = useToast(); toast("success", "Saved.")`: a short message in the corner, read out by screen readers. */
export function useToast(): Notify {
  return useContext(ToastContext);
}

let next = 0;

/**
 * The toast region: successes are polite (`role="status"`), failures assertive (`role="alert"`); each goes
 * after six seconds or when dismissed. Fixed in a corner, so it never shifts the page's layout.
 */
export function Toaster({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((t) => t.id !== id)), []);
  const notify = useCallback<Notify>(
    (kind, text) => {
      const id = ++next;
      setToasts((all) => [...all.slice(-3), { id, kind, text }]);
      setTimeout(() => dismiss(id), 6_000);
    },
    [dismiss],
  );
  return (
    <ToastContext.Provider value={notify}>
      {children}
      <div className="toasts">
        {toasts.map((t) => (
          <div key={t.id} className={`toast ${t.kind}`} role={t.kind === "error" ? "alert" : "status"}>
            <span>{t.text}</span>
            <button type="button" className="link-button" aria-label="Dismiss" onClick={() => dismiss(t.id)}>
              ×
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}
