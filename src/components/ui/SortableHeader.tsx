"use client";

import { ArrowDown, ArrowUp, ArrowUpDown } from "lucide-react";

export type SortOrder = "asc" | "desc";

/**
 * A column header that sorts the table by its column: the first click sorts by it (in `firstOrder`), the
 * next reverses. `aria-sort` tells screen readers which column sorts the table and which way; the arrow
 * shows it.
 */
export function SortableHeader<Key extends string>({
  label,
  column,
  sort,
  order,
  firstOrder = "asc",
  onSort,
}: {
  label: string;
  column: Key;
  sort: Key;
  order: SortOrder;
  firstOrder?: SortOrder;
  onSort: (column: Key, order: SortOrder) => void;
}) {
  const active = sort === column;
  const Icon = !active ? ArrowUpDown : order === "asc" ? ArrowUp : ArrowDown;
  return (
    <th scope="col" aria-sort={active ? (order === "asc" ? "ascending" : "descending") : "none"}>
      <button
        type="button"
        className="inline-flex items-center gap-1 border-0 bg-transparent p-0 font-semibold text-fg"
        onClick={() => onSort(column, active ? (order === "asc" ? "desc" : "asc") : firstOrder)}
      >
        {label}
        <Icon aria-hidden size={14} className={active ? "text-accent" : "text-muted"} />
      </button>
    </th>
  );
}
