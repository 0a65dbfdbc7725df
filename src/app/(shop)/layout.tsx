import type { ReactNode } from "react";
import { StoreHeader } from "@/components/shell/StoreHeader";
import { requestTheme } from "@/components/shell/request-theme";
import { getViewer } from "@/server/auth/viewer";

/** The storefront's frame: its header above the page. */
export default async function ShopLayout({ children }: { children: ReactNode }) {
  const theme = await requestTheme();
  return (
    <>
      <StoreHeader viewer={await getViewer()} theme={theme} />
      <main className="page">{children}</main>
    </>
  );
}
