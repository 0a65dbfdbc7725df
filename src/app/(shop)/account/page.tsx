import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AccountForms } from "@/components/auth/AccountForms";
import { getViewer } from "@/server/auth/viewer";

export const metadata: Metadata = { title: "Your account" };

export default async function AccountPage() {
  if (!(await getViewer())) redirect("/sign-in?callbackUrl=%2Faccount");
  return <AccountForms />;
}
