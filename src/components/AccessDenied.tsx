import Link from "next/link";
import { redirect } from "next/navigation";

/** What a back-office page shows to someone who may not use it. Guests are sent to sign in first. */
export function AccessDenied({ reason, from }: { reason: "sign-in" | "forbidden"; from: string }) {
  if (reason === "sign-in") redirect(`/sign-in?callbackUrl=${encodeURIComponent(from)}`);
  return (
    <section className="stack">
      <h1>Not allowed</h1>
      <p>Your account does not have access to this page.</p>
      <p>
        <Link href="/">Back to the catalog</Link>
      </p>
    </section>
  );
}
