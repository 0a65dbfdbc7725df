import type { ReactNode } from "react";
import { backofficeLinksFor } from "@/components/shell/backoffice-links";
import { BackofficeShell } from "@/components/shell/BackofficeShell";
import { StoreHeader } from "@/components/shell/StoreHeader";
import { requestTheme } from "@/components/shell/request-theme";
import { getViewer } from "@/server/auth/viewer";

/**
 * The back office's frame for staff and admins. Anyone else (a customer who typed /admin) gets the
 * storefront's frame around the page's "Not allowed": no back-office navigation for them.
 */
export default async function BackofficeLayout({ children }: { children: ReactNode }) {
  const viewer = await getViewer();
  const theme = await requestTheme();
  if (viewer && backofficeLinksFor(viewer).length) {
    return (
      <BackofficeShell viewer={viewer} theme={theme}>
        {children}
      </BackofficeShell>
    );
  }
  return (
    <>
      <StoreHeader viewer={viewer} theme={theme} />
      <main className="page">{children}</main>
    </>
  );
}
