/**
 * Grey bars where a table's rows will be, while its first page loads. Screen readers hear "Loading…" (the
 * same `p.status` line every list shows, which the Playwright suites wait for).
 */
export function TableSkeleton({ rows = 8, columns }: { rows?: number; columns: number }) {
  return (
    <div>
      <p className="status visually-hidden">Loading…</p>
      <div aria-hidden className="flex flex-col gap-3 py-2">
        {Array.from({ length: rows }, (_, row) => (
          <div key={row} className="flex gap-4">
            {Array.from({ length: columns }, (_, column) => (
              <span key={column} className={`h-5 animate-pulse rounded bg-subtle ${column === 0 ? "flex-[3]" : "flex-1"}`} />
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}
