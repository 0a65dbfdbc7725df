import type { Metadata } from "next";
import type { ReactNode } from "react";
import { SiteHeader } from "@/components/SiteHeader";
import { StockAlerts } from "@/components/backoffice/StockAlerts";
import { Toaster } from "@/components/Toaster";
import { TrpcProviders } from "@/trpc/client";
import { hasPermission } from "@/server/auth/permissions";
import { getViewer } from "@/server/auth/viewer";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Stockroom", template: "%s · Stockroom" },
  description: "Shop our catalog",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Staff hear about stock running low on every page (the stream needs product:read:any).
  const viewer = await getViewer();
  const stockAlerts = viewer && hasPermission(viewer, "product:read:any");
  return (
    <html lang="en">
      <body>
        <TrpcProviders>
          <SiteHeader />
          <main className="page">
            <Toaster>
              {stockAlerts ? <StockAlerts /> : null}
              {children}
            </Toaster>
          </main>
        </TrpcProviders>
      </body>
    </html>
  );
}
