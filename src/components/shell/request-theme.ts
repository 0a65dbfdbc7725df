import { cookies } from "next/headers";
import { THEME_COOKIE, themeFrom, type Theme } from "../ui/theme";

/** The theme this request's cookie asks for (server components only). */
export async function requestTheme(): Promise<Theme> {
  return themeFrom((await cookies()).get(THEME_COOKIE)?.value);
}
