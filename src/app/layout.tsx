import type { Metadata } from "next";
import type { ReactNode } from "react";
import { StockAlerts } from "@/components/backoffice/StockAlerts";
import { Toaster } from "@/components/Toaster";
import { requestTheme } from "@/components/shell/request-theme";
import { TrpcProviders } from "@/trpc/client";
import { hasPermission } from "@/server/auth/permissions";
import { getViewer } from "@/server/auth/viewer";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Stockroom", template: "%s · Stockroom" },
  description: "Shop our catalog",
};

/** What every page shares; the storefront's and the back office's frames are their route groups' layouts. */
export default async function RootLayout({ children }: { children: ReactNode }) {
  // Staff hear about stock running low on every page (the stream needs product:read:any).
  const viewer = await getViewer();
  const stockAlerts = viewer && hasPermission(viewer, "product:read:any");
  const theme = await requestTheme();
  return (
    <html lang="en" data-theme={theme === "system" ? undefined : theme}>
      <body>
        <TrpcProviders>
          <Toaster>
            {stockAlerts ? <StockAlerts /> : null}
            {children}
          </Toaster>
        </TrpcProviders>
      </body>
    </html>
  );
}
