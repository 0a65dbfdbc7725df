/** The back office's download of a list (`/admin/export/orders.csv?status=PAID`) with the filters on screen. */
export function exportHref(file: "products.csv" | "orders.csv", filters: Record<string, string | number | boolean | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value !== undefined && value !== "") query.set(key, String(value));
  const text = query.toString();
  return `/admin/export/${file}${text ? `?${text}` : ""}`;
}
