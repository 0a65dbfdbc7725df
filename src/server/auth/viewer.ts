import { auth, userActorFromSession } from "./next-auth";
import { hasPermission, type Actor, type Permission } from "./permissions";

/** The signed-in person for server components (layouts, pages), or null for a guest. */
export async function getViewer(): Promise<Extract<Actor, { type: "user" }> | null> {
  return userActorFromSession(await auth());
}

/** What a page shows for a permission: the page, a sign-in prompt, or "not allowed". The API enforces it anyway. */
export async function pageAccess(permission: Permission): Promise<"allowed" | "sign-in" | "forbidden"> {
  const viewer = await getViewer();
  if (!viewer) return "sign-in";
  return hasPermission(viewer, permission) ? "allowed" : "forbidden";
}
