import type { Metadata } from "next";
import { AccessDenied } from "@/components/AccessDenied";
import { Dashboard } from "@/components/dashboard/Dashboard";
import { pageAccess } from "@/server/auth/viewer";
import { getQueryClient, HydrateClient, trpc } from "@/trpc/server";

export const metadata: Metadata = { title: "Dashboard" };

/** The back office opens here: how the shop is doing, read on the server and kept live in the browser. */
export default async function AdminDashboardPage() {
  const access = await pageAccess("report:read");
  if (access !== "allowed") return <AccessDenied reason={access} from="/admin" />;
  const queryClient = getQueryClient();
  await Promise.all([
    queryClient.prefetchQuery(trpc.report.sales.queryOptions()),
    queryClient.prefetchQuery(trpc.report.ordersByStatus.queryOptions()),
    queryClient.prefetchQuery(trpc.report.topProducts.queryOptions()),
    queryClient.prefetchQuery(trpc.report.inventory.queryOptions()),
  ]);
  return (
    <HydrateClient>
      <Dashboard />
    </HydrateClient>
  );
}
