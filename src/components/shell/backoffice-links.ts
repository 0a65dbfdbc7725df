import { hasPermission, type Actor, type Permission } from "@/server/auth/permissions";

export type BackofficeIcon = "dashboard" | "orders" | "products" | "users" | "keys" | "webhooks" | "audit" | "mail";

/** The back office's sections, each shown only to those whose role grants its permission (pages check again). */
export const backofficeLinks: { href: string; label: string; icon: BackofficeIcon; permission: Permission }[] = [
  { href: "/admin", label: "Dashboard", icon: "dashboard", permission: "report:read" },
  { href: "/admin/orders", label: "Orders", icon: "orders", permission: "order:read:any" },
  { href: "/admin/products", label: "Products", icon: "products", permission: "product:read:any" },
  { href: "/admin/users", label: "Users", icon: "users", permission: "user:read:any" },
  { href: "/admin/api-keys", label: "API keys", icon: "keys", permission: "apikey:manage" },
  { href: "/admin/webhooks", label: "Webhooks", icon: "webhooks", permission: "webhook:manage" },
  { href: "/admin/audit", label: "Audit log", icon: "audit", permission: "audit:read" },
  ...(process.env.NODE_ENV === "production"
    ? []
    : [{ href: "/admin/mail", label: "Sent emails", icon: "mail" as const, permission: "order:read:any" as const }]),
];

/** The sections this person's role opens, in sidebar order; none for guests and customers. */
export function backofficeLinksFor(viewer: Actor | null) {
  return viewer ? backofficeLinks.filter((link) => hasPermission(viewer, link.permission)) : [];
}
