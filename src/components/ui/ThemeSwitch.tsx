"use client";

import { useState } from "react";
import { THEME_COOKIE, themes, type Theme } from "./theme";

/**
 * System, light or dark. The choice is a cookie, so the server renders the page in it (no flash, no inline
 * script under the strict CSP); "system" removes the pin and the page follows the operating system.
 */
export function ThemeSwitch({ initial }: { initial: Theme }) {
  const [theme, setTheme] = useState<Theme>(initial);
  return (
    <label className="flex items-center gap-2 text-sm text-muted">
      Theme
      <select
        value={theme}
        className="rounded-md border border-line bg-surface px-2 py-1 text-fg"
        onChange={(e) => {
          const next = e.target.value as Theme;
          setTheme(next);
          if (next === "system") delete document.documentElement.dataset.theme;
          else document.documentElement.dataset.theme = next;
          document.cookie = `${THEME_COOKIE}=${next}; path=/; max-age=31536000; samesite=lax`;
        }}
      >
        {themes.map((t) => (
          <option key={t} value={t}>
            {t[0]!.toUpperCase() + t.slice(1)}
          </option>
        ))}
      </select>
    </label>
  );
}
