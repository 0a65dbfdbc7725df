/** The themes a person can pick; "system" follows the operating system's light or dark setting. */
export const themes = ["system", "light", "dark"] as const;
export type Theme = (typeof themes)[number];

/** The cookie that carries the choice to the server, which renders <html data-theme> from it. */
export const THEME_COOKIE = "theme";

/** The cookie's value as a theme; anything else (absent, tampered) is "system". */
export function themeFrom(value: string | undefined): Theme {
  return (themes as readonly string[]).includes(value ?? "") ? (value as Theme) : "system";
}
