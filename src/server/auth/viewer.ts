import { cache } from "react";
import { auth, userActorFromSession } from "./next-auth";
import { hasPermission, type Actor, type Permission } from "./permissions";

/**
 * The signed-in person for server components (layouts, pages), or null for a guest. Read once per request
 * (React's `cache`): the root layout, the frame's layout and the page all ask, and each read is a session
 * lookup in the database.
 */
export const getViewer = cache(async (): Promise<Extract<Actor, { type: "user" }> | null> => userActorFromSession(await auth()));

/** What a page shows for a permission: the page, a sign-in prompt, or "not allowed". The API enforces it anyway. */
export async function pageAccess(permission: Permission): Promise<"allowed" | "sign-in" | "forbidden"> {
  const viewer = await getViewer();
  if (!viewer) return "sign-in";
  return hasPermission(viewer, permission) ? "allowed" : "forbidden";
}
