import type { Metadata } from "next";
import type { ReactNode } from "react";
import { SiteHeader } from "@/components/SiteHeader";
import { Toaster } from "@/components/Toaster";
import { TrpcProviders } from "@/trpc/client";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Stockroom", template: "%s · Stockroom" },
  description: "Shop our catalog",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <TrpcProviders>
          <SiteHeader />
          <main className="page">
            <Toaster>{children}</Toaster>
          </main>
        </TrpcProviders>
      </body>
    </html>
  );
}
