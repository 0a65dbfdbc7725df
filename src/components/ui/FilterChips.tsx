"use client";

import { X } from "lucide-react";

export interface ActiveFilter {
  /** What the filter is set to, as a person reads it: "Status: paid". */
  label: string;
  clear: () => void;
}

/** The filters in force, each a chip whose button clears it; nothing when none is set. */
export function FilterChips({ filters }: { filters: ActiveFilter[] }) {
  if (!filters.length) return null;
  return (
    <ul aria-label="Filters in force" className="m-0 mb-3 flex list-none flex-wrap gap-2 p-0">
      {filters.map((filter) => (
        <li key={filter.label} className="inline-flex items-center gap-1 rounded-full bg-accent-soft py-0.5 pr-1 pl-3 text-sm">
          {filter.label}
          <button
            type="button"
            aria-label={`Clear ${filter.label}`}
            className="inline-flex rounded-full border-0 bg-transparent p-1 text-fg hover:bg-subtle"
            onClick={filter.clear}
          >
            <X aria-hidden size={14} />
          </button>
        </li>
      ))}
    </ul>
  );
}
