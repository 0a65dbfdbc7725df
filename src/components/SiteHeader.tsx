import Link from "next/link";
import { getViewer } from "@/server/auth/viewer";
import { hasPermission, type Permission } from "@/server/auth/permissions";
import { SignOutButton } from "./auth/SignOutButton";

/** Back-office links, each shown only to those whose role grants its permission (the server checks again). */
const backOffice: { href: string; label: string; permission: Permission }[] = [
  { href: "/admin", label: "Dashboard", permission: "report:read" },
  { href: "/admin/products", label: "Products", permission: "product:read:any" },
  { href: "/admin/orders", label: "All orders", permission: "order:read:any" },
  { href: "/admin/users", label: "Users", permission: "user:read:any" },
  { href: "/admin/api-keys", label: "API keys", permission: "apikey:manage" },
  { href: "/admin/webhooks", label: "Webhooks", permission: "webhook:manage" },
  { href: "/admin/audit", label: "Audit log", permission: "audit:read" },
  ...(process.env.NODE_ENV === "production" ? [] : [{ href: "/admin/mail", label: "Sent emails", permission: "order:read:any" as const }]),
];

export async function SiteHeader() {
  const viewer = await getViewer();
  const links = viewer ? backOffice.filter((link) => hasPermission(viewer, link.permission)) : [];
  return (
    <header className="site-header">
      <Link href="/" className="brand">
        Stockroom
      </Link>
      <nav aria-label="Main" className="site-nav">
        <Link href="/">Catalog</Link>
        {links.map((link) => (
          <Link key={link.href} href={link.href}>
            {link.label}
          </Link>
        ))}
        {viewer ? (
          <>
            <Link href="/cart">Cart</Link>
            <Link href="/orders">Orders</Link>
            <Link href="/account" data-testid="account-link">
              {viewer.name} <span className="role">({viewer.role.toLowerCase()})</span>
            </Link>
            <SignOutButton />
          </>
        ) : (
          <>
            <Link href="/sign-in">Sign in</Link>
            <Link href="/sign-up">Sign up</Link>
          </>
        )}
      </nav>
    </header>
  );
}
