import Link from "next/link";

/** A product id with nothing on sale behind it (never existed, or archived): a real 404 page. */
export default function ProductNotFound() {
  return (
    <section>
      <h1>Product not found</h1>
      <p className="status">It may have been removed from the catalog.</p>
      <Link href="/">Back to the catalog</Link>
    </section>
  );
}
